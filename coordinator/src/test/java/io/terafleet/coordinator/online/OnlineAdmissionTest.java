package io.terafleet.coordinator.online;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * Admission when every car is busy: requests wait in a bounded queue, the next free car goes to the tenants in
 * turn, and a request beyond the bound is refused at once with a Retry-After.
 */
class OnlineAdmissionTest {
    private final OnlineConfig config = new OnlineConfig(Duration.ofSeconds(5), 1, Duration.ofSeconds(20),
            Duration.ofSeconds(20), 4);
    private final OnlineRouter router = new OnlineRouter(config, Clock.systemUTC());
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        router.close();
        threads.shutdownNow();
    }

    private CompletableFuture<RouteOutcome> request(String tenant, String text) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return router.route("m", tenant, id -> new OnlineTask(id, "m", OnlineTask.EMBED, List.of(text), null,
                        null));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
    }

    /** The one car: takes a request and keeps it (busy) until {@link #answer}. */
    private OnlineTask take() throws InterruptedException {
        return router.poll("car", List.of("m"), Duration.ofSeconds(10)).orElseThrow();
    }

    private void answer(OnlineTask task) {
        assertThat(router.answer("car", task.requestId(), new OnlineResult(List.of("AAAAAA=="), 1, null, null, null)))
                .isTrue();
    }

    private void awaitQueued(int n) throws InterruptedException {
        while (router.queued("m") < n) {
            Thread.sleep(2);
        }
    }

    @Test
    void whenTheQueueIsFullARequestIsRefusedAtOnceWithRetryAfter() throws Exception {
        CompletableFuture<OnlineTask> first = CompletableFuture.supplyAsync(() -> {
            try {
                return take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        while (router.readyCars("m") == 0) {
            Thread.sleep(2);
        }
        var busy = request("t", "busy");
        OnlineTask held = first.get();
        List<CompletableFuture<RouteOutcome>> waiting = new ArrayList<>();
        for (int i = 0; i < config.maxQueued(); i++) {
            waiting.add(request("t", "waits-" + i));
            awaitQueued(i + 1);
        }

        var refused = (RouteOutcome.Busy) router.route("m", "t", id -> new OnlineTask(id, "m", OnlineTask.EMBED,
                List.of("too many"), null, null));

        assertThat(refused.queueFull()).isTrue();
        assertThat(refused.queued()).isEqualTo(config.maxQueued());
        assertThat(refused.retryAfterSeconds()).isBetween(1L, ServiceTime.MAX_RETRY_AFTER_SECONDS);
        // The queue drains as the car frees up: every waiting request is answered, none lost.
        answer(held);
        for (int i = 0; i < config.maxQueued(); i++) {
            answer(take());
        }
        assertThat(busy.get()).isInstanceOf(RouteOutcome.Answered.class);
        for (var request : waiting) {
            assertThat(request.get()).isInstanceOf(RouteOutcome.Answered.class);
        }
    }

    @Test
    void aFreedCarGoesToTheWaitingTenantsInTurn() throws Exception {
        CompletableFuture<OnlineTask> first = CompletableFuture.supplyAsync(() -> {
            try {
                return take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        while (router.readyCars("m") == 0) {
            Thread.sleep(2);
        }
        var busy = request("a", "busy");
        OnlineTask held = first.get();
        List<CompletableFuture<RouteOutcome>> requests = new ArrayList<>();
        int queued = 0;
        for (String[] r : new String[][] {{"a", "a1"}, {"a", "a2"}, {"a", "a3"}, {"b", "b1"}}) {
            requests.add(request(r[0], r[1]));
            awaitQueued(++queued);
        }
        answer(held);

        List<String> order = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            OnlineTask task = take();
            order.add(task.texts().getFirst());
            answer(task);
        }

        assertThat(order).containsExactly("a1", "b1", "a2", "a3");
        assertThat(busy.get()).isInstanceOf(RouteOutcome.Answered.class);
    }
}
