package io.terafleet.core.scheduling;

import java.util.Locale;

/** Service class of a job: online requests wait for an answer, batch jobs have a completion window. */
public enum PriorityClass {
    ONLINE,
    BATCH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code online} or {@code batch} (any case). */
    public static PriorityClass parse(String text) {
        for (PriorityClass p : values()) {
            if (p.name().equalsIgnoreCase(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("priority: must be online or batch, was " + text);
    }
}
