package io.terafleet.sim.fleet;

/**
 * A region's weather: monthly normals of the daily low and high in January and July, and the latitude that sets the
 * length of the day and the height of the sun. Between January and July the normals follow a cosine over the year
 * (mid-January coldest, mid-July warmest; the other way round south of the equator); within a day the temperature
 * follows a cosine with its low at 03:00 and its high at 15:00 local time.
 */
public record Climate(double latitude, double januaryLowC, double januaryHighC, double julyLowC, double julyHighC,
                      String source) {
    public Climate {
        Check.within("latitude", latitude, -66, 66);
        Check.within("januaryLowC", januaryLowC, -60, 50);
        Check.within("januaryHighC", januaryHighC, januaryLowC, 60);
        Check.within("julyLowC", julyLowC, -60, 50);
        Check.within("julyHighC", julyHighC, julyLowC, 60);
        Check.source(source);
    }

    /** 0 in mid-January, 1 in mid-July (north of the equator). */
    double summerness(int dayOfYear) {
        double w = (1 - Math.cos(2 * Math.PI * (dayOfYear - 15) / 365.0)) / 2;
        return latitude >= 0 ? w : 1 - w;
    }

    /** Air temperature at a local hour (fractional) of a day of the year. */
    public double ambientC(int dayOfYear, double localHour) {
        double w = summerness(dayOfYear);
        double low = januaryLowC + w * (julyLowC - januaryLowC);
        double high = januaryHighC + w * (julyHighC - januaryHighC);
        return (low + high) / 2 + (high - low) / 2 * Math.cos(2 * Math.PI * (localHour - 15) / 24);
    }

    /**
     * Share of peak clear-sky sunshine (0..1) at a local solar hour: a half sine over the day's length from the
     * latitude and the sun's declination, scaled by how high the sun stands at noon.
     */
    public double sunFraction(int dayOfYear, double solarHour) {
        double declination = Math.toRadians(23.44) * Math.sin(2 * Math.PI * (284 + dayOfYear) / 365.0);
        double lat = Math.toRadians(latitude);
        double cosH = Math.max(-1, Math.min(1, -Math.tan(lat) * Math.tan(declination)));
        double halfDayHours = Math.toDegrees(Math.acos(cosH)) / 15;
        double sunrise = 12 - halfDayHours;
        if (solarHour <= sunrise || solarHour >= 12 + halfDayHours) {
            return 0;
        }
        double noonHeight = Math.max(0, Math.cos(lat - declination));
        return noonHeight * Math.sin(Math.PI * (solarHour - sunrise) / (2 * halfDayHours));
    }
}
