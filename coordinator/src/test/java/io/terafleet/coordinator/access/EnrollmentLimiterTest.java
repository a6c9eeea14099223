package io.terafleet.coordinator.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Enrollment is limited per source address and per grant, per minute. */
class EnrollmentLimiterTest {
    private Instant now = Instant.parse("2030-01-01T00:00:10Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final EnrollmentLimiter limiter = new EnrollmentLimiter(clock);

    @Test
    void oneSourceGetsTenAMinuteWhateverGrantsItUses() {
        for (int i = 0; i < EnrollmentLimiter.PER_SOURCE; i++) {
            assertThat(limiter.admit("grant-" + i, "203.0.113.7")).isEmpty();
        }
        assertThat(limiter.admit("grant-x", "203.0.113.7")).hasValue(50);
        assertThat(limiter.admit("grant-x", "203.0.113.8")).as("another source").isEmpty();
    }

    @Test
    void oneGrantGetsThirtyAMinuteFromAnywhere() {
        for (int i = 0; i < EnrollmentLimiter.PER_GRANT; i++) {
            assertThat(limiter.admit("leaked", "198.51.100." + i)).isEmpty();
        }
        assertThat(limiter.admit("leaked", "198.51.100.200")).isPresent();
        now = now.plusSeconds(60); // the next window
        assertThat(limiter.admit("leaked", "198.51.100.200")).isEmpty();
    }
}
