package io.terafleet.core.policy;

/** Validation helpers whose messages start with the field name, as every config error here does. */
final class PolicyChecks {
    private PolicyChecks() {
    }

    static void within(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(field + ": must be within " + format(min) + ".." + format(max)
                    + ", was " + format(value));
        }
    }

    static void positive(String field, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(field + ": must be > 0, was " + format(value));
        }
    }

    static void nonNegativeOrNull(String field, Double value) {
        if (value != null && !(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(field + ": must be ≥ 0, was " + format(value));
        }
    }

    /** 120 rather than 120.0: messages quote what the owner wrote. */
    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
