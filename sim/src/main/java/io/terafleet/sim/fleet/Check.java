package io.terafleet.sim.fleet;

import java.util.List;

/** Validation for scenario records: every message starts with the field it is about. */
final class Check {
    private Check() {
    }

    static double within(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(field + ": must be within " + min + ".." + max + ", was " + value);
        }
        return value;
    }

    static double positive(String field, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(field + ": must be > 0, was " + value);
        }
        return value;
    }

    static double nonNegative(String field, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(field + ": must be ≥ 0, was " + value);
        }
        return value;
    }

    static <T> T present(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": must be set");
        }
        return value;
    }

    static String source(String source) {
        return source("source", source);
    }

    static String source(String field, String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException(field + ": every assumption needs a source, none given");
        }
        return source;
    }

    static <T> List<T> nonEmpty(String field, List<T> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(field + ": must list at least one entry");
        }
        return List.copyOf(values);
    }

    /** Shares of a mix must add up to 1 (within rounding), so no part of the fleet is lost or counted twice. */
    static void sharesSumToOne(String field, double[] shares) {
        double sum = 0;
        for (double share : shares) {
            sum += share;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException(field + ": shares must add up to 1, they add up to " + sum);
        }
    }
}
