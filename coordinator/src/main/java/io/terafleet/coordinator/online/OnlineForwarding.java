package io.terafleet.coordinator.online;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.cluster.ClusterBus;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online requests between coordinators: a coordinator with a ready car for a model answers requests on the bus
 * subject {@code tf.online.<model>} (a queue group: each request reaches one such coordinator); a coordinator with
 * none forwards its requests there. Which coordinators answer follows the cars: the subjects are re-checked every
 * {@link #RECHECK}. The request is the {@link OnlineTask} as JSON, the reply a {@link Reply}.
 */
public final class OnlineForwarding implements AutoCloseable {
    static final String SUBJECT_PREFIX = "tf.online.";
    static final Duration RECHECK = Duration.ofMillis(200);
    /** The field of a forwarded request that names the tenant it is for (absent: no tenant's turn). */
    static final String TENANT = "tenant";
    private static final Logger LOG = LoggerFactory.getLogger(OnlineForwarding.class);

    /** A routing outcome on the wire: {@code kind} is answered, no-car, unavailable or rejected. */
    record Reply(String kind, OnlineResult result, String carId, int attempts, String reason, Long retryAfterSeconds) {
        Reply(String kind, OnlineResult result, String carId, int attempts, String reason) {
            this(kind, result, carId, attempts, reason, null);
        }
    }

    private final OnlineRouter router;
    private final ClusterBus bus;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<String, ClusterBus.Subscription> answering = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread watcher;
    private volatile boolean closed;

    public OnlineForwarding(OnlineRouter router, ClusterBus bus) {
        this.router = router;
        this.bus = bus;
        OnlineConfig config = router.config();
        this.timeout = config.requestTimeout().multipliedBy(config.attempts()).plus(config.admissionWait())
                .plusSeconds(1);
        router.forwardWith(this::forward);
        this.watcher = Thread.ofVirtual().name("online-forwarding").start(this::watch);
    }

    /**
     * Sends the request to a coordinator whose cars hold the model; no such coordinator: no car. The request
     * travels as its {@link OnlineTask} with a {@code tenant} field beside the task's own (a reader that does not
     * know it skips it), so that the answering coordinator queues it under its tenant's turn, as its own requests.
     */
    RouteOutcome forward(String model, String tenant, Function<String, OnlineTask> task) throws InterruptedException {
        try {
            var request = json.valueToTree(task.apply("forwarded"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) request).put(TENANT, tenant);
            byte[] reply = bus.request(SUBJECT_PREFIX + model, write(request), timeout).get();
            return outcome(model, json.readValue(reply, Reply.class));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ClusterBus.NoResponder) {
                return new RouteOutcome.NoCar(model);
            }
            String why = e.getCause() instanceof TimeoutException ? "no answer from another coordinator in time"
                    : "forwarding failed: " + e.getCause();
            return new RouteOutcome.Unavailable(why, 0);
        } catch (IOException e) {
            return new RouteOutcome.Unavailable("unreadable answer from another coordinator: " + e.getMessage(), 0);
        }
    }

    /** Answers a forwarded request with this coordinator's cars. */
    private CompletableFuture<byte[]> answer(byte[] request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                var tree = json.readTree(request);
                OnlineTask task = json.treeToValue(tree, OnlineTask.class);
                String tenant = tree.path(TENANT).asText(OnlineRouter.NO_TENANT);
                RouteOutcome outcome = router.routeHere(task.model(), tenant, id -> new OnlineTask(id, task.model(),
                        task.kind(), task.texts(), task.inputs(), task.outputs(), task.generation()));
                return write(reply(outcome));
            } catch (IOException e) {
                return write(new Reply("rejected", null, null, 0, "unreadable request: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return write(new Reply("unavailable", null, null, 0, "coordinator stopping"));
            }
        }, workers);
    }

    private static Reply reply(RouteOutcome outcome) {
        return switch (outcome) {
            case RouteOutcome.Answered a -> new Reply("answered", a.result(), a.carId(), a.attempts(), null);
            case RouteOutcome.NoCar n -> new Reply("no-car", null, null, 0, null);
            case RouteOutcome.Unavailable u -> new Reply("unavailable", null, null, u.attempts(), u.reason());
            case RouteOutcome.Rejected r -> new Reply("rejected", null, null, 0, r.error());
            case RouteOutcome.Busy b -> new Reply(b.queueFull() ? "queue-full" : "busy", null, null, b.queued(), null,
                    b.retryAfterSeconds());
        };
    }

    private static RouteOutcome outcome(String model, Reply reply) {
        return switch (reply.kind()) {
            case "answered" -> new RouteOutcome.Answered(reply.result(), reply.carId(), reply.attempts());
            case "unavailable" -> new RouteOutcome.Unavailable(reply.reason(), reply.attempts());
            case "rejected" -> new RouteOutcome.Rejected(reply.reason());
            case "busy", "queue-full" -> new RouteOutcome.Busy(model, reply.attempts(), "queue-full".equals(reply.kind()),
                    reply.retryAfterSeconds() == null ? 1 : reply.retryAfterSeconds());
            default -> new RouteOutcome.NoCar(model);
        };
    }

    /** Answers on the subjects of the models this coordinator's cars hold now, and on no others. */
    private void watch() {
        while (!closed) {
            try {
                Set<String> models = router.modelsWithReadyCars();
                for (String model : models) {
                    answering.computeIfAbsent(model, m -> bus.respond(SUBJECT_PREFIX + m, this::answer));
                }
                answering.entrySet().removeIf(entry -> {
                    if (models.contains(entry.getKey()) || router.hasCarsFor(entry.getKey())) {
                        return false;
                    }
                    entry.getValue().close();
                    return true;
                });
                Thread.sleep(RECHECK.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("online forwarding subjects not updated; will try again", e);
            }
        }
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        answering.values().forEach(ClusterBus.Subscription::close);
        answering.clear();
        workers.shutdownNow();
    }
}
