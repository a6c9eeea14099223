package io.terafleet.coordinator.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** In-memory routing: the longest-waiting car gets the request; a car that fails or is silent is replaced. */
class OnlineRouterTest {
    private final OnlineConfig config = new OnlineConfig(Duration.ofMillis(300), 3, Duration.ofMillis(500),
            Duration.ofSeconds(5));
    private final OnlineRouter router = new OnlineRouter(config, Clock.systemUTC());

    private static OnlineTask task(String id) {
        return new OnlineTask(id, "m", OnlineTask.EMBED, List.of("hello"), null, null);
    }

    /** A car that polls once and answers with what {@code answer} gives (or not at all, for null). */
    private CompletableFuture<String> car(String carId, OnlineResult answer) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                var task = router.poll(carId, List.of("m"), Duration.ofSeconds(5)).orElseThrow();
                if (answer != null) {
                    router.answer(carId, task.requestId(), answer);
                }
                return task.requestId();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
    }

    private void awaitReady(int cars) throws InterruptedException {
        while (router.readyCars("m") < cars) {
            Thread.sleep(5);
        }
    }

    @Test
    void noCarEverSeenMeansNoCarAtOnce() throws Exception {
        long start = System.nanoTime();
        assertThat(router.route("m", OnlineRouterTest::task)).isInstanceOf(RouteOutcome.NoCar.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
    }

    @Test
    void aCarThatFailsIsReplacedByAnother() throws Exception {
        car("a", OnlineResult.failed("owner drove off", true));
        awaitReady(1);
        car("b", new OnlineResult(List.of("AAAAAA=="), 3, null, null, null));
        awaitReady(2);

        var outcome = (RouteOutcome.Answered) router.route("m", OnlineRouterTest::task);

        assertThat(outcome.carId()).isEqualTo("b");
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.result().promptTokens()).isEqualTo(3);
    }

    @Test
    void aSilentCarTimesOutAndTheRequestGoesElsewhere() throws Exception {
        var silent = car("silent", null);
        awaitReady(1);
        car("b", new OnlineResult(List.of("AAAAAA=="), 1, null, null, null));
        awaitReady(2);

        var outcome = (RouteOutcome.Answered) router.route("m", OnlineRouterTest::task);

        assertThat(outcome.carId()).isEqualTo("b");
        // The silent car's late answer is not wanted any more.
        assertThat(router.answer("silent", silent.get(), new OnlineResult(List.of(), 0, null, null, null))).isFalse();
    }

    @Test
    void aRequestTheCarRejectsIsNotRetried() throws Exception {
        car("a", OnlineResult.failed("bad tensor", false));
        awaitReady(1);
        car("b", new OnlineResult(List.of("AAAAAA=="), 1, null, null, null));

        assertThat(router.route("m", OnlineRouterTest::task)).isEqualTo(new RouteOutcome.Rejected("bad tensor"));
    }

    @Test
    void whenEveryCarFailsTheCallerHearsWhy() throws Exception {
        car("a", OnlineResult.failed("needed by its owner", true));
        awaitReady(1);

        var outcome = (RouteOutcome.Unavailable) router.route("m", OnlineRouterTest::task);

        assertThat(outcome.reason()).contains("needed by its owner");
        assertThat(outcome.attempts()).isEqualTo(1);
    }

    @Test
    void anAnswerFromAnotherCarIsIgnored() throws Exception {
        var a = CompletableFuture.supplyAsync(() -> {
            try {
                var t = router.poll("a", List.of("m"), Duration.ofSeconds(5)).orElseThrow();
                assertThat(router.answer("intruder", t.requestId(), new OnlineResult(List.of(), 0, null, null, null))).isFalse();
                router.answer("a", t.requestId(), new OnlineResult(List.of("AAAAAA=="), 1, null, null, null));
                return t;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitReady(1);
        assertThat(router.route("m", OnlineRouterTest::task)).isInstanceOf(RouteOutcome.Answered.class);
        a.get();
    }

    @Test
    void aCarThatKeepsStreamingIsNotCutOffAtTheDeadline() throws Exception {
        // The request timeout is 300 ms; this car streams a part every 100 ms for 900 ms, then answers.
        CompletableFuture.supplyAsync(() -> {
            try {
                var task = router.poll("slow", List.of("m"), Duration.ofSeconds(5)).orElseThrow();
                for (int part = 0; part < 9; part++) {
                    Thread.sleep(100);
                    assertThat(router.madeProgress("slow", task.requestId())).isTrue();
                }
                router.answer("slow", task.requestId(), new OnlineResult(List.of("AAAAAA=="), 2, null, null, null));
                return task.requestId();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
        awaitReady(1);

        var outcome = (RouteOutcome.Answered) router.route("m", OnlineRouterTest::task);

        assertThat(outcome.carId()).isEqualTo("slow");
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(router.madeProgress("other", "req_none")).isFalse();
    }
}
