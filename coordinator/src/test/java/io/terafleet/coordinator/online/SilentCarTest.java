package io.terafleet.coordinator.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A car that takes online requests and never answers costs one request one timeout, then is dropped from the
 * ready set: later requests go straight to others, or get "no car" at once, never another wait on it.
 */
class SilentCarTest {
    private final OnlineRouter router = new OnlineRouter(OnlineConfig.DEFAULTS, Clock.systemUTC());

    private static OnlineTask task(String id) {
        return new OnlineTask(id, "m", OnlineTask.EMBED, List.of("hello"), null, null);
    }

    /** A car that keeps polling and never answers; its polls' results are collected. */
    private CompletableFuture<Void> silentCar(String carId, List<Optional<OnlineTask>> polls) {
        return CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 3; i++) {
                    polls.add(router.poll(carId, List.of("m"), Duration.ofSeconds(3)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
    }

    private void awaitReady(int cars) throws InterruptedException {
        while (router.readyCars("m") < cars) {
            Thread.sleep(5);
        }
    }

    @Test
    void theDefaultDeadlineIsAboutOneSecond() {
        assertThat(OnlineConfig.DEFAULTS.requestTimeout()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aSilentCarIsDroppedAfterOneTimeoutAndMarkedUnhealthy() throws Exception {
        var polls = java.util.Collections.synchronizedList(new java.util.ArrayList<Optional<OnlineTask>>());
        silentCar("silent", polls);
        awaitReady(1);

        long start = System.nanoTime();
        RouteOutcome first = router.route("m", SilentCarTest::task);
        Duration firstWait = Duration.ofNanos(System.nanoTime() - start);
        assertThat(first).isInstanceOf(RouteOutcome.Unavailable.class);
        assertThat(firstWait).as("one timeout (then the admission wait for another car), not one per attempt")
                .isLessThan(OnlineConfig.DEFAULTS.requestTimeout().plus(OnlineConfig.DEFAULTS.admissionWait())
                        .plusMillis(500));
        assertThat(router.health().isHealthy("silent")).isFalse();

        // The silent car polls again but is not in the ready set; the next request does not wait on it.
        Thread.sleep(100);
        assertThat(router.readyCars("m")).isZero();
        start = System.nanoTime();
        RouteOutcome second = router.route("m", SilentCarTest::task);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(
                OnlineConfig.DEFAULTS.admissionWait().toMillis() + 500));
        assertThat(second).isNotInstanceOf(RouteOutcome.Answered.class);
        assertThat(polls.stream().filter(Optional::isPresent).count()).as("handed one request only").isEqualTo(1);
    }

    @Test
    void anAnswerMakesASilentCarHealthyAgain() {
        router.health().silent("car");
        assertThat(router.health().isHealthy("car")).isFalse();
        router.answer("car", "req-unknown", new OnlineResult(List.of(), 0, null, null, null));
        assertThat(router.health().isHealthy("car")).isTrue();
    }
}
