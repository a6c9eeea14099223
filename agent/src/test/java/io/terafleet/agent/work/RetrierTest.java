package io.terafleet.agent.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.agent.client.CoordinatorException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A finished unit's completion is retried until its deadline, however many attempts that takes; not beyond it. */
class RetrierTest {
    private final Retrier retrier = new Retrier(8, Duration.ofMillis(1), Duration.ofMillis(2));

    /** A clock that moves one second each time it is read. */
    private static final class TickingClock extends Clock {
        private Instant now = Instant.parse("2030-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }
    }

    @Test
    void keepsTryingPastEightAttemptsWhileTheLeaseCanStillCount() {
        var clock = new TickingClock();
        var calls = new AtomicInteger();
        String answer = retrier.callUntil("complete", () -> {
            if (calls.incrementAndGet() < 20) {
                throw new CoordinatorException("coordinator restarting", 503, true, null);
            }
            return "accepted";
        }, clock, Instant.parse("2030-01-01T00:01:00Z"));
        assertThat(answer).isEqualTo("accepted");
        assertThat(calls.get()).isEqualTo(20);
    }

    @Test
    void givesUpOnceTheLeaseHasCertainlyExpired() {
        var clock = new TickingClock();
        var calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier.callUntil("complete", () -> {
            calls.incrementAndGet();
            throw new CoordinatorException("down", 0, true, null);
        }, clock, Instant.parse("2030-01-01T00:00:10Z"))).isInstanceOf(CoordinatorException.class);
        assertThat(calls.get()).isBetween(5, 10);
    }

    @Test
    void aRefusalIsNotRetried() {
        var calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier.callUntil("complete", () -> {
            calls.incrementAndGet();
            throw new CoordinatorException("no", 400, false, null);
        }, new TickingClock(), Instant.parse("2031-01-01T00:00:00Z"))).isInstanceOf(CoordinatorException.class);
        assertThat(calls.get()).isEqualTo(1);
    }
}
