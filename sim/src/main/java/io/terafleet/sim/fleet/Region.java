package io.terafleet.sim.fleet;

import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * A region of the fleet: its time zone (local time drives trips, windows, tariffs and the daily budget), its share
 * of the cars, its electricity tariff and how strong its sun is.
 *
 * @param solarYield peak output per kW of panels on a clear day in this region, 0..1
 * @param climate    its weather (temperatures, daylight), or null for a mild 20 °C without sun: heat never binds
 */
public record Region(String name, String zone, double share, TariffSpec tariff, double solarYield, Climate climate,
                     String source) {
    public Region {
        Check.present("name", name);
        Check.present("zone", zone);
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone: not a time zone id, was \"" + zone + "\"");
        }
        Check.within("share", share, 0, 1);
        Check.present("tariff", tariff);
        Check.within("solarYield", solarYield, 0, 1);
        Check.source(source);
    }

    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }
}
