package io.terafleet.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.service.WorkSignal;
import io.terafleet.coordinator.tenants.RateLimiter;
import io.terafleet.coordinator.tenants.Tenant;
import io.terafleet.coordinator.tenants.TenantLimits;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two coordinators on one bus (two origins on one in-process bus: what NATS does between processes). */
class ClusterEventsTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final LocalBus bus = new LocalBus();
    private final ClusterEvents a = new ClusterEvents(bus, "a", clock);
    private final ClusterEvents b = new ClusterEvents(bus, "b", clock);

    @Test
    void aPolicySavedAtOneCoordinatorRingsTheCarWhereverItsChannelIsOpen() {
        var pushA = new io.terafleet.coordinator.policy.PolicyPush();
        var pushB = new io.terafleet.coordinator.policy.PolicyPush();
        a.onPolicySaved(saved -> pushA.ring(saved.carId()));
        b.onPolicySaved(saved -> pushB.ring(saved.carId()));
        List<String> rung = new ArrayList<>();
        pushB.attach("car-1", "session-1", () -> rung.add("car-1 at b"));
        pushA.attach("car-2", "session-2", () -> rung.add("car-2 at a"));

        a.policySaved("car-1", 3); // saved at a, the car's channel is open at b
        assertThat(rung).containsExactly("car-1 at b");
        b.policySaved("car-2", 1);
        assertThat(rung).containsExactly("car-1 at b", "car-2 at a");

        pushB.detach("car-1", "session-1"); // the channel closed: nothing to ring, the report brings it
        a.policySaved("car-1", 4);
        assertThat(rung).hasSize(2);
        assertThat(pushB.cars()).isZero();
    }

    @Test
    void workAvailableWakesTheOtherCoordinatorsNotTheSender() {
        List<String> woken = new ArrayList<>();
        a.onWorkAvailable(() -> woken.add("a"));
        b.onWorkAvailable(() -> woken.add("b"));
        a.workAvailable();
        assertThat(woken).containsExactly("b");
        a.workAvailable(); // within the coalescing window of a fixed clock: not sent again
        assertThat(woken).containsExactly("b");
    }

    @Test
    void aWorkSignalHereReachesWaitersThereWithoutEchoingBack() {
        var here = new WorkSignal();
        var there = new WorkSignal();
        here.onLocalSignal(a::workAvailable);
        there.onLocalSignal(b::workAvailable);
        a.onWorkAvailable(here::signalFromElsewhere);
        b.onWorkAvailable(there::signalFromElsewhere);
        long hereBefore = here.generation();
        long thereBefore = there.generation();
        here.signalAll();
        assertThat(there.generation()).isEqualTo(thereBefore + 1);
        assertThat(here.generation()).isEqualTo(hereBefore + 1);
    }

    @Test
    void aTenantsRateLimitHoldsAcrossCoordinators() {
        var limiterA = new RateLimiter(clock);
        var limiterB = new RateLimiter(clock);
        ClusterWiring.wire(a, new WorkSignal(), limiterA, null);
        ClusterWiring.wire(b, new WorkSignal(), limiterB, null);
        var tenant = new Tenant("acme", "Acme", new TenantLimits(1, 10, 1_000), 0);
        assertThat(limiterB.request(tenant)).isInstanceOf(RateLimiter.Allowed.class); // B knows the tenant now
        for (int i = 0; i < 6; i++) {
            assertThat(limiterA.request(tenant)).isInstanceOf(RateLimiter.Allowed.class);
        }
        int allowedAtB = 0;
        while (limiterB.request(tenant) instanceof RateLimiter.Allowed) {
            allowedAtB++;
        }
        assertThat(allowedAtB).as("burst 10: 1 + 6 already spent").isEqualTo(3);
        // A had not served the tenant when B spent its first token, so A counts 6 + 3: one left.
        assertThat(limiterA.request(tenant)).isInstanceOf(RateLimiter.Allowed.class);
        assertThat(limiterA.request(tenant)).isInstanceOf(RateLimiter.Limited.class);
    }

    @Test
    void revocationsAndJobEventsReachEveryCoordinator() {
        List<ClusterEvents.Revoked> revokedAtB = new ArrayList<>();
        List<ClusterEvents.JobEvent> eventsAtA = new ArrayList<>();
        b.onRevoked(revokedAtB::add);
        a.onJobEvent(eventsAtA::add);
        a.revoked("api-key", "3f2a");
        b.jobEvent("job_1", "cancelled");
        assertThat(revokedAtB).containsExactly(new ClusterEvents.Revoked("api-key", "3f2a"));
        assertThat(eventsAtA).containsExactly(new ClusterEvents.JobEvent("job_1", "cancelled"));
    }
}
