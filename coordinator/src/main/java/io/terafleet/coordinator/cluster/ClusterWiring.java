package io.terafleet.coordinator.cluster;

import io.terafleet.coordinator.service.JobService;
import io.terafleet.coordinator.service.WorkSignal;
import io.terafleet.coordinator.tenants.RateLimiter;
import java.util.List;

/** Connects a coordinator's in-memory parts to the cluster bus. */
public final class ClusterWiring {
    private ClusterWiring() {
    }

    /**
     * Work that appears at another coordinator wakes the cars waiting here; jobs created, cancelled or expired here
     * are told to all; each tenant's requests and inputs let
     * through here are taken from the other coordinators' buckets, and theirs from ours.
     *
     * @param jobs null: no job events are published from here
     * @return the subscriptions, to close with the coordinator
     */
    public static ClusterBus.Subscription wire(ClusterEvents events, WorkSignal work, RateLimiter limiter,
                                               JobService jobs) {
        limiter.onSpend(events::rateSpent);
        if (jobs != null) {
            jobs.onJobEvent(events::jobEvent);
        }
        return ClusterEvents.all(List.of(
                events.onWorkAvailable(work::signalFromElsewhere),
                events.onRateSpentElsewhere(limiter::spentElsewhere)));
    }
}
