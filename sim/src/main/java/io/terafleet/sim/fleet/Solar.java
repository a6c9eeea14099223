package io.terafleet.sim.fleet;

/**
 * Home solar: who has panels, how big, and the day's shape (a half sine between sunrise and sunset, times the
 * region's yield), less what the house uses. The surplus is what core's solar-only rule compares with the compute
 * power; it is only seen at home.
 */
public record Solar(double homeSolarShare, double panelKw, double houseLoadKw, double sunriseHour,
                    double sunsetHour, String source) {
    public Solar {
        Check.within("homeSolarShare", homeSolarShare, 0, 1);
        Check.nonNegative("panelKw", panelKw);
        Check.nonNegative("houseLoadKw", houseLoadKw);
        Check.within("sunriseHour", sunriseHour, 0, 24);
        Check.within("sunsetHour", sunsetHour, sunriseHour, 24);
        Check.source(source);
    }

    /** Surplus at a local hour of day (fractional), for a region of this yield; never negative. */
    public double surplusKw(double localHour, double yield) {
        if (localHour <= sunriseHour || localHour >= sunsetHour) {
            return 0;
        }
        double phase = (localHour - sunriseHour) / (sunsetHour - sunriseHour);
        return Math.max(0, panelKw * yield * Math.sin(Math.PI * phase) - houseLoadKw);
    }
}
