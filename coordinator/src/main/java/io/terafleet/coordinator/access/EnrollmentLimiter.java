package io.terafleet.coordinator.access;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enrollment is rate limited per grant and per source address (fixed one-minute windows, in memory per
 * coordinator): a leaked grant or one machine cannot enroll a swarm of cars in a moment. O(1) per enrollment.
 */
public final class EnrollmentLimiter {
    /** Enrollments a minute from one source address. */
    public static final int PER_SOURCE = 10;
    /** Enrollments a minute with one grant. */
    public static final int PER_GRANT = 30;
    private static final int MAX_WINDOWS = 100_000;

    private record Window(long minute, int count) {
    }

    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public EnrollmentLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Counts one enrollment attempt; empty when admitted, else the seconds until the next window opens. */
    public OptionalLong admit(String grant, String source) {
        long now = clock.millis();
        long minute = now / 60_000;
        if (windows.size() > MAX_WINDOWS) {
            windows.values().removeIf(w -> w.minute() < minute); // old windows only; bounded memory
        }
        boolean sourceOk = count("source:" + source, minute) <= PER_SOURCE;
        boolean grantOk = count("grant:" + grant, minute) <= PER_GRANT;
        if (sourceOk && grantOk) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, ((minute + 1) * 60_000 - now + 999) / 1000));
    }

    private int count(String key, long minute) {
        return windows.merge(key, new Window(minute, 1),
                (old, one) -> old.minute() == minute ? new Window(minute, old.count() + 1) : one).count();
    }
}
