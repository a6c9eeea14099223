package io.terafleet.coordinator.access;

import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enrollment is rate limited per grant and per source: a leaked grant or one network cannot enroll a swarm of cars in
 * a moment. This is the coordinator's own, in-memory filter (O(1) per enrollment, bounded memory); what it admits is
 * then counted across every coordinator on the store ({@code cars.EnrollmentCounts}), so the limits hold for the
 * cluster, not per process.
 *
 * <ul>
 *   <li>A sliding one-minute window (this minute's count plus the previous minute's, weighted by how much of it
 *       still lies within the last 60 s), so a burst across a minute boundary gets no double allowance.</li>
 *   <li>Only admitted enrollments count: a source refused for its own excess does not use up the grant's allowance
 *       (a leaked grant hammered from one network still enrolls the owner's cars from elsewhere), and a grant
 *       refused does not use up the source's.</li>
 *   <li>A source is an IPv4 address, or an IPv6 /64 (what one subscriber gets; a host can pick any address in
 *       it).</li>
 *   <li>Past {@link #MAX_KEYS} keys in the window, new sources and grants share one overflow allowance, so spraying
 *       addresses or made-up tokens neither grows memory nor escapes the limit.</li>
 * </ul>
 */
public final class EnrollmentLimiter {
    /** Enrollments a minute from one source address (default). */
    public static final int PER_SOURCE = 10;
    /** Enrollments a minute with one grant (default). */
    public static final int PER_GRANT = 30;
    static final int MAX_KEYS = 100_000;
    static final String OVERFLOW = "overflow";
    private static final long MINUTE_MS = 60_000;

    /**
     * How many enrollments a minute each may make.
     *
     * @param perSource from one source (IPv4 address or IPv6 /64), 1..10000
     * @param perGrant  with one grant, 1..10000
     */
    public record Limits(int perSource, int perGrant) {
        public static final Limits DEFAULTS = new Limits(PER_SOURCE, PER_GRANT);

        public Limits {
            if (perSource < 1 || perSource > 10_000) {
                throw new IllegalArgumentException("perSource: must be within 1..10000, was " + perSource);
            }
            if (perGrant < 1 || perGrant > 10_000) {
                throw new IllegalArgumentException("perGrant: must be within 1..10000, was " + perGrant);
            }
        }
    }

    private record Window(long minute, int previous, int current) {
        Window at(long now) {
            if (now == minute) {
                return this;
            }
            return new Window(now, now == minute + 1 ? current : 0, 0);
        }

        /** Admitted enrollments within the last 60 s, estimated. */
        double load(long nowMs) {
            double intoMinute = (nowMs % MINUTE_MS) / (double) MINUTE_MS;
            return previous * (1 - intoMinute) + current;
        }
    }

    private final Clock clock;
    private final Limits limits;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public EnrollmentLimiter(Clock clock) {
        this(clock, Limits.DEFAULTS);
    }

    public EnrollmentLimiter(Clock clock, Limits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    /** Counts one enrollment attempt; empty when admitted, else the seconds until it may be tried again. */
    public synchronized OptionalLong admit(String grant, String source) {
        long now = clock.millis();
        long minute = now / MINUTE_MS;
        if (windows.size() >= MAX_KEYS) {
            windows.values().removeIf(w -> w.minute() < minute - 1); // idle keys only
        }
        String sourceKey = key("source:" + sourceOf(source));
        String grantKey = key("grant:" + grant);
        Window bySource = windows.getOrDefault(sourceKey, new Window(minute, 0, 0)).at(minute);
        Window byGrant = windows.getOrDefault(grantKey, new Window(minute, 0, 0)).at(minute);
        if (bySource.load(now) + 1 > limits.perSource() || byGrant.load(now) + 1 > limits.perGrant()) {
            return OptionalLong.of(Math.max(1, ((minute + 1) * MINUTE_MS - now + 999) / 1000));
        }
        windows.put(sourceKey, new Window(minute, bySource.previous(), bySource.current() + 1));
        windows.put(grantKey, new Window(minute, byGrant.previous(), byGrant.current() + 1));
        return OptionalLong.empty();
    }

    /** The key itself while there is room, else the shared overflow allowance of its kind. */
    private String key(String key) {
        return windows.containsKey(key) || windows.size() < MAX_KEYS ? key
                : key.substring(0, key.indexOf(':') + 1) + OVERFLOW;
    }

    /**
     * Takes back an admission of this minute that went no further (the cluster-wide count refused it), so that only
     * enrollments admitted everywhere count here.
     */
    public synchronized void giveBack(String grant, String source) {
        long minute = clock.millis() / MINUTE_MS;
        for (String name : new String[] {"source:" + sourceOf(source), "grant:" + grant}) {
            windows.computeIfPresent(name, (k, w) -> w.minute() == minute && w.current() > 0
                    ? new Window(minute, w.previous(), w.current() - 1) : w);
        }
    }

    /** An IPv4 address as it is; an IPv6 address cut to its /64. */
    public static String sourceOf(String address) {
        if (address == null || !address.contains(":")) {
            return String.valueOf(address);
        }
        try {
            String bare = address.startsWith("[") ? address.substring(1, address.indexOf(']')) : address;
            // A text with ':' is parsed as an IPv6 literal, never looked up.
            byte[] bytes = java.net.InetAddress.getByName(bare).getAddress();
            if (bytes.length != 16) {
                return bare;
            }
            return java.util.HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        } catch (java.net.UnknownHostException | IndexOutOfBoundsException e) {
            return address;
        }
    }
}
