package io.terafleet.coordinator.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Enrollment is limited per source and per grant, over a sliding minute, counting only what it admits. */
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
        now = now.plusSeconds(120); // the last minute holds none of them
        assertThat(limiter.admit("leaked", "198.51.100.200")).isEmpty();
    }

    @Test
    void aBurstAcrossTheMinuteBoundaryGetsNoSecondAllowance() {
        now = Instant.parse("2030-01-01T00:00:59Z");
        for (int i = 0; i < EnrollmentLimiter.PER_SOURCE; i++) {
            assertThat(limiter.admit("grant-" + i, "203.0.113.9")).isEmpty();
        }
        now = Instant.parse("2030-01-01T00:01:01Z"); // a new minute, but the burst was 2 s ago
        assertThat(limiter.admit("grant-y", "203.0.113.9")).isPresent();
        now = Instant.parse("2030-01-01T00:01:58Z"); // nearly a minute later, the old burst weighs little
        assertThat(limiter.admit("grant-y", "203.0.113.9")).isEmpty();
    }

    @Test
    void aSourceRefusedForItsOwnExcessDoesNotUseUpTheGrant() {
        for (int i = 0; i < 100; i++) {
            limiter.admit("owners-grant", "192.0.2.66"); // 10 admitted, 90 refused
        }
        for (int i = 0; i < EnrollmentLimiter.PER_GRANT - EnrollmentLimiter.PER_SOURCE; i++) {
            assertThat(limiter.admit("owners-grant", "198.51.100." + i)).as("the owner's own cars").isEmpty();
        }
        assertThat(limiter.admit("owners-grant", "198.51.100.250")).isPresent();
    }

    @Test
    void anAdmissionTheClusterRefusedIsGivenBack() {
        for (int i = 0; i < EnrollmentLimiter.PER_SOURCE; i++) {
            assertThat(limiter.admit("grant-" + i, "203.0.113.70")).isEmpty();
        }
        assertThat(limiter.admit("grant-x", "203.0.113.70")).isPresent();
        // The last one admitted here was refused by the count every coordinator shares: it does not count here.
        limiter.giveBack("grant-9", "203.0.113.70");
        assertThat(limiter.admit("grant-x", "203.0.113.70")).isEmpty();
        assertThat(limiter.admit("grant-x", "203.0.113.70")).isPresent();
    }

    @Test
    void anIpv6SourceIsItsSlash64() {
        for (int i = 0; i < EnrollmentLimiter.PER_SOURCE; i++) {
            assertThat(limiter.admit("grant-" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1))).isEmpty();
        }
        assertThat(limiter.admit("grant-z", "[2001:db8:1:2:ffff::9]")).as("same /64").isPresent();
        assertThat(limiter.admit("grant-z", "2001:db8:1:3::1")).as("another /64").isEmpty();
        assertThat(EnrollmentLimiter.sourceOf("2001:db8:1:2::1")).isEqualTo(EnrollmentLimiter.sourceOf(
                "2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd"));
        assertThat(EnrollmentLimiter.sourceOf("203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void sprayingSourcesPastTheBoundSharesOneAllowance() {
        for (int i = 0; i < EnrollmentLimiter.MAX_KEYS / 2; i++) {
            limiter.admit("grant-" + i, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        int admitted = 0;
        for (int i = 0; i < 50; i++) {
            admitted += limiter.admit("fresh-grant", "172.16." + (i >> 8) + "." + (i & 255)).isEmpty() ? 1 : 0;
        }
        assertThat(admitted).as("new sources share the overflow allowance").isEqualTo(EnrollmentLimiter.PER_SOURCE);
    }

    @Test
    void limitsAreCheckedNamingTheField() {
        assertThatThrownBy(() -> new EnrollmentLimiter.Limits(0, 5)).hasMessageStartingWith("perSource:");
        assertThatThrownBy(() -> new EnrollmentLimiter.Limits(5, 0)).hasMessageStartingWith("perGrant:");
    }
}
