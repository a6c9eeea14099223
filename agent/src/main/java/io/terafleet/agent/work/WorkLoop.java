package io.terafleet.agent.work;

import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.agent.signals.VehicleSignals;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.vehicle.BaselineEligibility;
import io.terafleet.core.vehicle.Eligibility;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's main loop: look at the car, lease when eligible, run what was leased, repeat.
 * Stopping the loop ends the current unit at the next batch boundary with a release.
 */
public final class WorkLoop {
    private static final Logger LOG = LoggerFactory.getLogger(WorkLoop.class);
    private static final Eligibility.NotEligible STOPPING =
            new Eligibility.NotEligible("agent_stopping", "the agent is shutting down");

    private final AgentConfig config;
    private final CoordinatorClient client;
    private final VehicleSignals signals;
    private final EmbedderOpener embedders;
    private final UnitRunner runner;
    private final Retrier leaseRetrier = new Retrier(Integer.MAX_VALUE, Duration.ofMillis(200), Duration.ofSeconds(5));
    private volatile boolean running = true;
    private final AtomicLong unitsCompleted = new AtomicLong();
    private final AtomicLong unitsReleased = new AtomicLong();
    private final AtomicLong unitsLost = new AtomicLong();
    private final AtomicLong inputsCompleted = new AtomicLong();
    private final AtomicLong computeNanos = new AtomicLong();

    public WorkLoop(AgentConfig config, CoordinatorClient client, VehicleSignals signals, EmbedderOpener embedders,
                    ScheduledExecutorService heartbeats, Clock clock) {
        this.config = config;
        this.client = client;
        this.signals = signals;
        this.embedders = embedders;
        this.runner = new UnitRunner(client, heartbeats, this::eligibility, clock, config.batchSize(),
                new Retrier(8, Duration.ofMillis(100), Duration.ofSeconds(5)));
    }

    public boolean running() {
        return running;
    }

    public void stop() {
        running = false;
    }

    public void run() {
        while (running) {
            Eligibility now = eligibility();
            if (now instanceof Eligibility.NotEligible why) {
                LOG.debug("car {} not eligible: {}", config.carName(), why.reason());
                pause(config.idlePoll());
                continue;
            }
            try {
                var leased = leaseRetrier.call("lease",
                        () -> client.lease(new LeaseRequest(1, config.leaseWait().toMillis(), config.models())));
                leased.units().forEach(this::runUnit);
            } catch (CoordinatorException e) {
                if (running) {
                    LOG.warn("car {}: lease failed and will not be retried: {}", config.carName(), e.getMessage());
                    pause(config.idlePoll());
                }
            }
        }
    }

    private void runUnit(LeasedUnit unit) {
        UnitRunner.Result result = runner.run(unit, embedders.open(unit.model()));
        computeNanos.addAndGet(result.computeNanos());
        switch (result.outcome()) {
            case COMPLETED -> {
                unitsCompleted.incrementAndGet();
                inputsCompleted.addAndGet(result.inputs());
            }
            case RELEASED -> unitsReleased.incrementAndGet();
            case LEASE_LOST -> unitsLost.incrementAndGet();
        }
    }

    Eligibility eligibility() {
        if (!running) {
            return STOPPING;
        }
        return BaselineEligibility.decide(signals.current(), config.requirePluggedIn());
    }

    public AgentStats stats() {
        return new AgentStats(unitsCompleted.get(), unitsReleased.get(), unitsLost.get(), inputsCompleted.get(),
                computeNanos.get());
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
