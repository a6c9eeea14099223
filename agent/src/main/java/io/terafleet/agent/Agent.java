package io.terafleet.agent;

import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.agent.inference.Embedder;
import io.terafleet.agent.signals.VehicleSignals;
import io.terafleet.agent.work.AgentStats;
import io.terafleet.agent.work.EmbedderOpener;
import io.terafleet.agent.work.WorkLoop;
import io.terafleet.core.api.EnrollRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One car's agent: enrolls, then leases, computes and completes work for as long as it runs
 * and the car is eligible. Inference runs on the agent's own platform thread (it is CPU-bound);
 * heartbeats run beside it.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig config;
    private final CoordinatorClient client;
    private final ScheduledExecutorService heartbeats;
    private final ConcurrentHashMap<String, Embedder> embedders = new ConcurrentHashMap<>();
    private final WorkLoop loop;
    private volatile Thread thread;
    private volatile String carId;

    public Agent(AgentConfig config, VehicleSignals signals, EmbedderOpener opener, Clock clock) {
        this.config = config;
        this.client = new CoordinatorClient(config.coordinator());
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual()
                .name("heartbeat-" + config.carName()).factory());
        this.loop = new WorkLoop(config, client, signals,
                model -> embedders.computeIfAbsent(model, opener::open), heartbeats, clock);
    }

    /** Enrolls (retrying while the coordinator is unreachable) and starts the work loop. */
    public synchronized Agent start() {
        if (thread != null) {
            throw new IllegalStateException("agent " + config.carName() + " already started");
        }
        thread = Thread.ofPlatform().name("agent-" + config.carName()).start(() -> {
            try {
                enrollWithRetry();
                loop.run();
            } catch (RuntimeException e) {
                LOG.error("agent {} stopped: {}", config.carName(), e.toString(), e);
            }
        });
        return this;
    }

    private void enrollWithRetry() {
        Duration delay = Duration.ofMillis(200);
        while (loop.running()) {
            try {
                carId = client.enroll(new EnrollRequest(config.enrollmentToken(), config.carName(),
                        config.hardwareClass())).carId();
                LOG.info("car {} enrolled as {}", config.carName(), carId);
                return;
            } catch (CoordinatorException e) {
                if (!e.retryable()) {
                    throw e;
                }
                LOG.info("coordinator not reachable yet ({}); retrying", e.getMessage());
                sleep(delay);
                delay = delay.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : delay.multipliedBy(2);
            }
        }
    }

    public String carId() {
        return carId;
    }

    public String name() {
        return config.carName();
    }

    public AgentStats stats() {
        return loop.stats();
    }

    /** Stops after the current batch; the current unit is released, not lost. */
    @Override
    public void close() {
        loop.stop();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        heartbeats.shutdownNow();
        embedders.values().forEach(Embedder::close);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
