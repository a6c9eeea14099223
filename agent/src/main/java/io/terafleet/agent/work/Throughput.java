package io.terafleet.agent.work;

/**
 * The car's own inference speed, inputs per second over compute time, as an exponential moving average of its
 * completed units, so the scheduler sees what this car does now (thermal throttling, other load) rather than a
 * datasheet figure.
 */
final class Throughput {
    /** Weight of the newest unit: about the last five units matter. */
    private static final double ALPHA = 0.3;
    private Double average;

    synchronized void add(int inputs, long computeNanos) {
        if (inputs <= 0 || computeNanos <= 0) {
            return;
        }
        double rate = inputs / (computeNanos / 1e9);
        average = average == null ? rate : ALPHA * rate + (1 - ALPHA) * average;
    }

    /** Null before the first completed unit. */
    synchronized Double inputsPerSecond() {
        return average;
    }
}
