package io.terafleet.cli;

import io.terafleet.core.time.SettableClock;
import io.terafleet.agent.Agent;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.inference.Embedders;
import io.terafleet.agent.signals.ScriptedTimeline;
import io.terafleet.agent.signals.TimedState;
import io.terafleet.agent.signals.VehicleTimeline;
import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.vehicle.VehicleState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One car on a scripted day: parked and plugged in at {@code t0}, the changed state from {@link #CHANGE} on, and
 * parked and plugged in again from {@link #RESUME} on. The test moves the clock from one to the next.
 */
final class PreemptionScenario implements AutoCloseable {
    static final Duration CHANGE = Duration.ofMinutes(1);
    static final Duration RESUME = Duration.ofMinutes(2);

    final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final SettableClock clock = new SettableClock(t0);
    final RecordingEmbedder embedder = new RecordingEmbedder(
            Embedders.open(FleetFixture.MODEL, Embedders.defaultCacheDir(), 1));
    final Agent agent;
    volatile long changeNanos = -1;

    PreemptionScenario(URI coordinator, String name, OwnerPolicy policy, UnaryOperator<VehicleState> change) {
        var timeline = new VehicleTimeline(List.of(
                new TimedState(t0, parked(t0)),
                new TimedState(t0.plus(CHANGE), change.apply(parked(t0.plus(CHANGE)))),
                new TimedState(t0.plus(RESUME), parked(t0.plus(RESUME)))));
        var config = new AgentConfig(coordinator, FleetFixture.TOKEN, name, "HW3", List.of(FleetFixture.MODEL), 8,
                Duration.ofSeconds(1), Duration.ofMillis(50), policy);
        agent = new Agent(config, new ScriptedTimeline(timeline, clock), model -> embedder, clock);
        embedder.decideWith(agent::eligibility);
    }

    static VehicleState parked(Instant at) {
        return VehicleState.parkedIdle(at, 80, true);
    }

    Agent start() {
        return agent.start();
    }

    /** Moves the script to the changed state while inference call {@code callNumber} runs. */
    void changeDuringCall(int callNumber) {
        embedder.onCallStart(n -> {
            if (n == callNumber) {
                Thread.ofPlatform().start(() -> {
                    sleep(15);
                    change();
                });
            }
        });
    }

    void change() {
        changeNanos = System.nanoTime();
        clock.set(t0.plus(CHANGE));
    }

    void resume() {
        clock.set(t0.plus(RESUME));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        agent.close();
    }
}
