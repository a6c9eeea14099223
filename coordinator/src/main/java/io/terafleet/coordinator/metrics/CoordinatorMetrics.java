package io.terafleet.coordinator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.terafleet.core.scheduling.PriorityClass;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The coordinator's metrics, named and tagged once here so that call sites stay one line. Exposed in the
 * Prometheus text format at {@code /metrics}.
 *
 * <p>Per-car utilisation is {@code terafleet_car_busy_seconds_total{car=...}}: the seconds each car held leases
 * that ended in a completion; {@code rate()} of it is the car's busy share. One series per car is fine for
 * fleets a single Prometheus can scrape; a large fleet would aggregate by region instead.
 */
public final class CoordinatorMetrics {
    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final Map<PriorityClass, AtomicLong> queueDepth = new EnumMap<>(PriorityClass.class);
    private final DistributionSummary unitAttempts;

    private CoordinatorMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
        this.registry = registry;
        this.prometheus = prometheus;
        for (PriorityClass p : PriorityClass.values()) {
            AtomicLong depth = new AtomicLong();
            queueDepth.put(p, depth);
            registry.gauge("terafleet_queue_depth_units", java.util.List.of(
                    io.micrometer.core.instrument.Tag.of("class", p.wireName())), depth);
        }
        this.unitAttempts = DistributionSummary.builder("terafleet_unit_attempt")
                .description("Which attempt each granted lease is for its unit (1 = first lease)")
                .serviceLevelObjectives(1, 2, 3, 5, 10)
                .register(registry);
    }

    /** Metrics served in the Prometheus format. */
    public static CoordinatorMetrics prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return new CoordinatorMetrics(registry, registry);
    }

    /** Metrics kept in memory only (simulation, tests). */
    public static CoordinatorMetrics inMemory() {
        return new CoordinatorMetrics(new SimpleMeterRegistry(), null);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition, or an empty string for in-memory metrics. */
    public String scrape() {
        return prometheus == null ? "" : prometheus.scrape();
    }

    public void leaseRequest(int unitsGranted) {
        Counter.builder("terafleet_lease_requests_total").tag("outcome", unitsGranted > 0 ? "granted" : "no_work")
                .register(registry).increment();
        if (unitsGranted > 0) {
            Counter.builder("terafleet_units_leased_total").register(registry).increment(unitsGranted);
        }
    }

    public void heartbeat(boolean live) {
        Counter.builder("terafleet_heartbeats_total").tag("outcome", live ? "extended" : "lease_lost")
                .register(registry).increment();
    }

    /**
     * One completion call: {@code route} {@code complete} (one unit) or {@code complete-batch} (several, and perhaps
     * the next lease), so an operator sees which way the fleet's agents hand results back.
     */
    public void completionCall(String route, int completions) {
        Counter.builder("terafleet_completion_calls_total").tag("route", route).register(registry).increment();
        Counter.builder("terafleet_completions_by_route_total").tag("route", route).register(registry)
                .increment(completions);
    }

    public void completion(String outcome) {
        Counter.builder("terafleet_completions_total").tag("outcome", outcome).register(registry).increment();
    }

    public void release(boolean accepted) {
        Counter.builder("terafleet_releases_total").tag("outcome", accepted ? "requeued" : "lease_lost")
                .register(registry).increment();
    }

    public void leasesExpired(int count) {
        Counter.builder("terafleet_leases_expired_total").register(registry).increment(count);
    }

    /** Which attempt a lease is for its unit (1: first lease; higher: the unit was retried). */
    public void unitLeased(int attemptNumber) {
        unitAttempts.record(attemptNumber);
    }

    public void carBusy(String carId, Duration held) {
        Counter.builder("terafleet_car_busy_seconds_total").tag("car", carId).register(registry)
                .increment(held.toNanos() / 1e9);
    }

    public void jobEnded(String priority, String state, Duration queued, Duration ran) {
        Timer.builder("terafleet_job_queue_seconds").tag("class", priority).register(registry).record(queued);
        Timer.builder("terafleet_job_run_seconds").tag("class", priority).register(registry).record(ran);
        Counter.builder("terafleet_jobs_ended_total").tag("state", state).register(registry).increment();
    }

    public void queueDepth(Map<PriorityClass, Long> depth) {
        depth.forEach((p, n) -> queueDepth.get(p).set(n));
    }
}
