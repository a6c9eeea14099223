package io.terafleet.coordinator.cars;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.access.EnrollmentLimiter;
import io.terafleet.coordinator.db.DatabaseTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The enrollment limits held through the store: two coordinators (two counters on one database, nothing shared in
 * memory) together admit no more than one coordinator would.
 */
abstract class EnrollmentCountsContract extends DatabaseTest {
    private static final Instant MINUTE = Instant.parse("2030-05-01T08:00:00Z");
    private static final String GRANT = "a".repeat(64);
    private static final EnrollmentLimiter.Limits LIMITS = new EnrollmentLimiter.Limits(3, 5);

    private EnrollmentCounts first;
    private EnrollmentCounts second;

    @BeforeEach
    void twoCoordinators() {
        first = new EnrollmentCounts(database, LIMITS);
        second = new EnrollmentCounts(database, LIMITS);
    }

    @Test
    void aSourcesAllowanceIsSharedByEveryCoordinator() {
        assertThat(first.admit(GRANT, "203.0.113.7", MINUTE.plusSeconds(1))).isEmpty();
        assertThat(second.admit(GRANT, "203.0.113.7", MINUTE.plusSeconds(2))).isEmpty();
        assertThat(first.admit(GRANT, "203.0.113.7", MINUTE.plusSeconds(3))).isEmpty();

        var refused = second.admit(GRANT, "203.0.113.7", MINUTE.plusSeconds(4));
        assertThat(refused).as("the 4th from one source, on the other coordinator").isPresent();
        assertThat(refused.getAsLong()).isEqualTo(56);
    }

    @Test
    void aGrantsAllowanceIsSharedAndOnlyAdmittedEnrollmentsCount() {
        for (int i = 0; i < 3; i++) {
            assertThat(first.admit(GRANT, "198.51.100.1", MINUTE.plusSeconds(i))).isEmpty();
        }
        // Refused for its source: uses none of the grant's allowance.
        assertThat(second.admit(GRANT, "198.51.100.1", MINUTE.plusSeconds(5))).isPresent();
        assertThat(second.admit(GRANT, "198.51.100.2", MINUTE.plusSeconds(6))).isEmpty();
        assertThat(first.admit(GRANT, "198.51.100.3", MINUTE.plusSeconds(7))).isEmpty();
        assertThat(second.admit(GRANT, "198.51.100.4", MINUTE.plusSeconds(8))).as("the grant's 6th").isPresent();
        assertThat(second.admit("b".repeat(64), "198.51.100.4", MINUTE.plusSeconds(9)))
                .as("a refused grant used none of the source's allowance").isEmpty();
    }

    @Test
    void theMinuteSlidesSoABurstAcrossTheBoundaryGetsNoSecondAllowance() {
        for (int i = 0; i < 3; i++) {
            assertThat(first.admit(GRANT, "192.0.2.9", MINUTE.plusSeconds(59))).isEmpty();
        }
        assertThat(second.admit(GRANT, "192.0.2.9", MINUTE.plusSeconds(61))).as("3 × 59/60 + 1 > 3").isPresent();
        // Half way into the next minute the previous one weighs half: 1.5 + 1 ≤ 3, then 2.5 + 1 > 3.
        assertThat(second.admit(GRANT, "192.0.2.9", MINUTE.plusSeconds(90))).isEmpty();
        assertThat(first.admit(GRANT, "192.0.2.9", MINUTE.plusSeconds(90))).isPresent();
    }

    @Test
    void concurrentEnrollmentsOnTwoCoordinatorsAdmitExactlyTheGrantsAllowance() throws Exception {
        int attempts = 16;
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            EnrollmentCounts counter = i % 2 == 0 ? first : second;
            String source = "10.0.0." + i;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (counter.admit(GRANT, source, MINUTE.plusSeconds(10)).isEmpty()) {
                    admitted.incrementAndGet();
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(admitted.get()).isEqualTo(LIMITS.perGrant());
        assertThat(queryLong("SELECT admitted FROM enrollment_counts WHERE scope = 'grant' AND subject = ?", GRANT))
                .isEqualTo(LIMITS.perGrant());
    }

    @Test
    void countsOlderThanThePreviousMinuteAreDeleted() {
        first.admit(GRANT, "192.0.2.1", MINUTE);
        first.admit(GRANT, "192.0.2.1", MINUTE.plusSeconds(60));
        assertThat(queryLong("SELECT COUNT(*) FROM enrollment_counts")).isEqualTo(4);

        first.admit(GRANT, "192.0.2.1", MINUTE.plusSeconds(120));

        assertThat(queryLong("SELECT MIN(at_minute) FROM enrollment_counts"))
                .isEqualTo(MINUTE.plusSeconds(60).toEpochMilli() / 60_000);
    }
}
