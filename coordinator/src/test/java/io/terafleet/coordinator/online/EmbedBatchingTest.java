package io.terafleet.coordinator.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.api.FloatVectors;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dynamic batching: concurrent embedding requests for one model reach the car as one, each gets its own slice. */
class EmbedBatchingTest {
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private static String vectorOf(String text) {
        return FloatVectors.toBase64(new float[] {text.hashCode()});
    }

    private CompletableFuture<RouteOutcome> embed(OnlineRouter router, String tenant, List<String> texts) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return router.embed("m", tenant, texts);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
    }

    /** The car, ready once the call returns: takes one request, answers a vector and 2 tokens per text. */
    private CompletableFuture<OnlineTask> serveOne(OnlineRouter router) throws InterruptedException {
        CompletableFuture<OnlineTask> served = CompletableFuture.supplyAsync(() -> {
            try {
                OnlineTask task = router.poll("car", List.of("m"), Duration.ofSeconds(20)).orElseThrow();
                router.answer("car", task.requestId(), new OnlineResult(
                        task.texts().stream().map(EmbedBatchingTest::vectorOf).toList(), 2 * task.texts().size(), null,
                        null, null));
                return task;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        while (router.readyCars("m") == 0) {
            Thread.sleep(2);
        }
        return served;
    }

    @Test
    void requestsThatFillABatchGoToTheCarAsOneAndEachGetsItsOwnVectors() throws Exception {
        var router = new OnlineRouter(OnlineConfig.DEFAULTS.withBatching(8, Duration.ofSeconds(10)), Clock.systemUTC());
        var car = serveOne(router);
        List<List<String>> requests = List.of(List.of("a0", "a1"), List.of("b0", "b1"), List.of("c0", "c1"),
                List.of("d0", "d1"));
        List<CompletableFuture<RouteOutcome>> outcomes = new ArrayList<>();
        for (List<String> texts : requests) {
            outcomes.add(embed(router, "tenant-" + texts.getFirst().charAt(0), texts));
        }

        OnlineTask task = car.get();

        assertThat(task.texts()).hasSize(8);
        int tokens = 0;
        for (int i = 0; i < requests.size(); i++) {
            var answered = (RouteOutcome.Answered) outcomes.get(i).get();
            assertThat(answered.result().embeddings()).containsExactlyElementsOf(
                    requests.get(i).stream().map(EmbedBatchingTest::vectorOf).toList());
            tokens += answered.result().promptTokens();
        }
        assertThat(tokens).isEqualTo(16);
        router.close();
    }

    @Test
    void aLoneRequestGoesAfterTheDelayWithItsOwnTexts() throws Exception {
        var router = new OnlineRouter(OnlineConfig.DEFAULTS.withBatching(8, Duration.ofMillis(20)), Clock.systemUTC());
        var car = serveOne(router);
        var outcome = embed(router, "t", List.of("alone"));

        OnlineTask task = car.get();

        assertThat(task.texts()).containsExactly("alone");
        var answered = (RouteOutcome.Answered) outcome.get();
        assertThat(answered.result().embeddings()).containsExactly(vectorOf("alone"));
        assertThat(answered.result().promptTokens()).isEqualTo(2);
        router.close();
    }

    @Test
    void withBatchingOffEachRequestIsItsOwnCarCall() throws Exception {
        var router = new OnlineRouter(OnlineConfig.DEFAULTS, Clock.systemUTC());
        var car = serveOne(router);
        var first = embed(router, "t", List.of("one"));

        assertThat(car.get().texts()).containsExactly("one");
        assertThat(((RouteOutcome.Answered) first.get()).result().embeddings()).containsExactly(vectorOf("one"));
        router.close();
    }
}
