package io.terafleet.core.api;

import java.util.List;

/**
 * Ask for work, waiting up to {@code waitMillis} (bounded by the coordinator) when there is none. A car asks only
 * while its owner policy says it may compute, so a lease request is itself the report "eligible now".
 *
 * @param maxUnits                 how many units the car will take at once (1 or more)
 * @param models                   the models the car can run; empty means any built-in model
 * @param expectedAvailableSeconds seconds until the owner's policy stops compute for the next planned departure
 *                                 (the departure less the policy's margin), or null when none is known
 * @param hardwareClass            the car's AI computer, e.g. {@code HW3}; null from older agents
 * @param measuredThroughput       inputs per second, a moving average over the car's own recent units; null
 *                                 before its first unit
 * @param cachedModels             models the car has loaded already (no download or load before work starts)
 * @param network                  {@code WIFI} or {@code CELLULAR} (the car's link now), or null when unknown; on
 *                                 cellular the car is given only work for models it already holds
 * @param measuredTokensPerSecond  generated tokens per second over the car's recent generation units (all answers
 *                                 of a unit together); null before its first; units of generation jobs are sized by it
 */
public record LeaseRequest(int maxUnits, long waitMillis, List<String> models, Long expectedAvailableSeconds,
                           String hardwareClass, Double measuredThroughput, List<String> cachedModels,
                           String network, Double measuredTokensPerSecond) {

    public LeaseRequest(int maxUnits, long waitMillis, List<String> models, Long expectedAvailableSeconds,
                        String hardwareClass, Double measuredThroughput, List<String> cachedModels,
                        String network) {
        this(maxUnits, waitMillis, models, expectedAvailableSeconds, hardwareClass, measuredThroughput, cachedModels,
                network, null);
    }

    public LeaseRequest(int maxUnits, long waitMillis, List<String> models, Long expectedAvailableSeconds,
                        String hardwareClass, Double measuredThroughput, List<String> cachedModels) {
        this(maxUnits, waitMillis, models, expectedAvailableSeconds, hardwareClass, measuredThroughput, cachedModels,
                null);
    }

    /** A request that says nothing about the car beyond the models it runs. */
    public LeaseRequest(int maxUnits, long waitMillis, List<String> models) {
        this(maxUnits, waitMillis, models, null, null, null, List.of(), null);
    }
}
