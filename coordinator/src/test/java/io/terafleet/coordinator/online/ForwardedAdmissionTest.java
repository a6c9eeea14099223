package io.terafleet.coordinator.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.cluster.LocalBus;
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
 * Requests forwarded from a coordinator without cars carry their tenant over the cluster bus: at the coordinator
 * whose car is busy they wait under their tenant's turn, so tenants take turns as with requests made there, and a
 * full queue refuses a forwarded request with a Retry-After as it refuses its own.
 */
class ForwardedAdmissionTest {
    private final OnlineConfig config = new OnlineConfig(Duration.ofSeconds(10), 1, Duration.ofSeconds(20),
            Duration.ofSeconds(20), 4);
    private final LocalBus bus = new LocalBus();
    private final OnlineRouter entry = new OnlineRouter(config, Clock.systemUTC());
    private final OnlineRouter withCar = new OnlineRouter(config, Clock.systemUTC());
    private final OnlineForwarding forwardingEntry = new OnlineForwarding(entry, bus);
    private final OnlineForwarding forwardingCar = new OnlineForwarding(withCar, bus);
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        forwardingEntry.close();
        forwardingCar.close();
        entry.close();
        withCar.close();
        threads.shutdownNow();
    }

    /** A request made at the coordinator without cars, for {@code tenant}. */
    private CompletableFuture<RouteOutcome> request(String tenant, String text) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return entry.route("m", tenant, id -> new OnlineTask(id, "m", OnlineTask.EMBED, List.of(text), null,
                        null));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
    }

    private OnlineTask take() throws InterruptedException {
        return withCar.poll("car", List.of("m"), Duration.ofSeconds(10)).orElseThrow();
    }

    private void answer(OnlineTask task) {
        assertThat(withCar.answer("car", task.requestId(), new OnlineResult(List.of("AAAAAA=="), 1, null, null, null)))
                .isTrue();
    }

    private void awaitQueued(int n) throws InterruptedException {
        while (withCar.queued("m") < n) {
            Thread.sleep(2);
        }
    }

    /** The car is busy with a forwarded request of tenant a; its coordinator answers on the model's subject. */
    private OnlineTask busyCar() throws Exception {
        CompletableFuture<OnlineTask> first = CompletableFuture.supplyAsync(() -> {
            try {
                return take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        while (withCar.readyCars("m") == 0) {
            Thread.sleep(2);
        }
        Thread.sleep(OnlineForwarding.RECHECK.toMillis() * 2);
        request("a", "busy");
        return first.get();
    }

    @Test
    void forwardedRequestsTakeTheirTenantsTurn() throws Exception {
        OnlineTask held = busyCar();
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

        assertThat(order).as("b's one request is not kept behind a's three").containsExactly("a1", "b1", "a2", "a3");
        for (var request : requests) {
            assertThat(request.get()).isInstanceOf(RouteOutcome.Answered.class);
        }
    }

    @Test
    void aFullQueueRefusesAForwardedRequestWithRetryAfter() throws Exception {
        OnlineTask held = busyCar();
        List<CompletableFuture<RouteOutcome>> waiting = new ArrayList<>();
        for (int i = 0; i < config.maxQueued(); i++) {
            waiting.add(request("a", "waits-" + i));
            awaitQueued(i + 1);
        }

        RouteOutcome refused = request("b", "too many").get();

        assertThat(refused).isInstanceOf(RouteOutcome.Busy.class);
        assertThat(((RouteOutcome.Busy) refused).queueFull()).isTrue();
        assertThat(((RouteOutcome.Busy) refused).retryAfterSeconds()).isBetween(1L, ServiceTime.MAX_RETRY_AFTER_SECONDS);
        answer(held);
        for (int i = 0; i < config.maxQueued(); i++) {
            answer(take());
        }
        for (var request : waiting) {
            assertThat(request.get()).isInstanceOf(RouteOutcome.Answered.class);
        }
    }
}
