package io.terafleet.coordinator.console;

import io.micrometer.core.instrument.MeterRegistry;
import io.terafleet.coordinator.online.OnlineRouter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the operator's live feed sends each second, without reading whole tables each second: throughput and online
 * latency from counters the coordinator keeps in memory anyway (its Micrometer meters, the online router's service
 * times), sampled at most once a second for every viewer together; the fleet's tables (cars by class, queue by
 * model, cars under suspicion) read at most once per {@link #TABLES_EVERY}, shared by every viewer.
 */
public final class FleetPulse {
    /** How stale the table-derived part of the operator's page may be. */
    public static final Duration TABLES_EVERY = Duration.ofSeconds(10);

    private final Supplier<Map<String, Object>> tables;
    private final OnlineRouter router;
    private final Clock clock;
    private volatile MeterRegistry meters;
    private Map<String, Object> fleet;
    private long fleetAt;
    private Map<String, Object> pulse = Map.of();
    private Sample last;

    private record Sample(long at, double completed, double leased, long answered) {
    }

    public FleetPulse(Supplier<Map<String, Object>> tables, OnlineRouter router, Clock clock) {
        this.tables = tables;
        this.router = router;
        this.clock = clock;
    }

    /** The coordinator's meters, once they exist (the console is wired before them). */
    public void readFrom(MeterRegistry registry) {
        this.meters = registry;
    }

    /** The operator's state now: the (at most {@link #TABLES_EVERY} old) tables plus this second's pulse. */
    public synchronized Map<String, Object> snapshot() {
        long now = clock.millis();
        if (fleet == null || now - fleetAt >= TABLES_EVERY.toMillis()) {
            fleet = tables.get();
            fleetAt = now;
        }
        if (last == null || now - last.at() >= 1000) {
            sample(now);
        }
        Map<String, Object> state = new LinkedHashMap<>(fleet);
        state.put("tablesReadAt", fleetAt);
        state.put("pulse", pulse);
        return state;
    }

    private void sample(long now) {
        List<OnlineRouter.Latency> latencies = router == null ? List.of() : router.latencies();
        long answered = latencies.stream().mapToLong(OnlineRouter.Latency::answered).sum();
        Sample next = new Sample(now, count("terafleet_completions_total", "accepted"),
                count("terafleet_units_leased_total", null), answered);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("at", now);
        if (last != null && next.at() > last.at()) {
            double seconds = (next.at() - last.at()) / 1000.0;
            p.put("unitsCompletedPerSecond", (next.completed() - last.completed()) / seconds);
            p.put("unitsLeasedPerSecond", (next.leased() - last.leased()) / seconds);
            p.put("onlineAnsweredPerSecond", (next.answered() - last.answered()) / seconds);
        }
        p.put("unitsCompleted", next.completed());
        p.put("online", latencies);
        pulse = p;
        last = next;
    }

    private double count(String name, String outcome) {
        MeterRegistry registry = meters;
        if (registry == null) {
            return 0;
        }
        var search = registry.find(name);
        if (outcome != null) {
            search = search.tag("outcome", outcome);
        }
        return search.counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
