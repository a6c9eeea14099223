package io.terafleet.sim.fleet;

import io.terafleet.core.scheduling.UnitSizing;
import java.time.Duration;

/**
 * How work is cut into units: core's {@link UnitSizing} with these settings. {@code departureAware} false is the
 * fixed-size baseline ({@link UnitSizing#FIXED}).
 */
public record Units(boolean departureAware, int targetUnitSeconds, int sizingMarginSeconds, int minInputs,
                    String source) {
    public Units {
        Check.within("targetUnitSeconds", targetUnitSeconds, 1, 6 * 3600);
        Check.within("sizingMarginSeconds", sizingMarginSeconds, 0, 3600);
        Check.within("minInputs", minInputs, 1, 1e9);
        Check.source(source);
    }

    public UnitSizing sizing(double fallbackThroughput) {
        return new UnitSizing(departureAware, Duration.ofSeconds(targetUnitSeconds),
                Duration.ofSeconds(sizingMarginSeconds), minInputs, fallbackThroughput);
    }
}
