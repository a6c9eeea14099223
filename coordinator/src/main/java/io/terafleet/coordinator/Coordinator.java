package io.terafleet.coordinator;

import io.javalin.Javalin;
import io.terafleet.coordinator.cars.CarRepository;
import io.terafleet.coordinator.cluster.ClusterBus;
import io.terafleet.coordinator.cluster.ClusterEvents;
import io.terafleet.coordinator.cluster.ClusterWiring;
import io.terafleet.coordinator.cluster.LocalBus;
import io.terafleet.coordinator.cluster.NatsBus;
import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.http.CloudServices;
import io.terafleet.coordinator.http.HttpApi;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.leasing.UnitRepository;
import io.terafleet.coordinator.leasing.Verification;
import io.terafleet.coordinator.metrics.CoordinatorMetrics;
import io.terafleet.coordinator.ledger.LedgerConfig;
import io.terafleet.coordinator.ledger.LedgerRepository;
import io.terafleet.coordinator.ledger.LedgerService;
import io.terafleet.coordinator.service.CarService;
import io.terafleet.coordinator.service.JobService;
import io.terafleet.coordinator.service.LeaseService;
import io.terafleet.coordinator.service.WorkSignal;
import io.terafleet.core.scheduling.ModelRequirements;
import io.terafleet.core.scheduling.Scheduler;
import java.net.URI;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running coordinator: the store, the services and the HTTP API, plus the lease reaper.
 * Stateless between requests apart from soft wake-up signals, so several may share one store.
 */
public final class Coordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    /** How long leases rank the same list of active jobs before it is read again (new work resets it). */
    private static final java.time.Duration ACTIVE_JOBS_MAX_AGE = java.time.Duration.ofMillis(250);

    private final Database database;
    private final JobService jobs;
    private final LeaseService leases;
    private final CloudServices cloud;
    private final LedgerService ledger;
    private final Javalin app;
    private final CoordinatorMetrics metrics;
    private final ScheduledExecutorService reaper;
    /** Its own thread, so that a slow reaper pass never delays a waiting car's first sight of a new job. */
    private final ScheduledExecutorService workWatcher;
    private final String host;
    private volatile String scheme = "http";
    private final ClusterBus bus;
    private final CarService carService;
    private final io.terafleet.coordinator.online.OnlineForwarding forwarding;
    private final ClusterEvents events;
    private final ClusterBus.Subscription subscriptions;
    private final UnitRepository units;

    private Coordinator(CoordinatorConfig config, CloudConfig cloudConfig, Clock clock) {
        LOG.info("terafleet coordinator {} (commit {}) starting", BuildInfo.current().version(), BuildInfo.current().commit());
        this.database = Database.open(config.database());
        this.bus = config.natsUrl() == null ? new LocalBus() : NatsBus.connect(config.natsUrl());
        this.events = new ClusterEvents(bus, clock);
        var work = new WorkSignal();
        work.onLocalSignal(events::workAvailable);
        this.metrics = CoordinatorMetrics.prometheus();
        this.jobs = new JobService(new JobRepository(database), work, clock, config.unitSize(), metrics);
        var verification = Verification.defaults(new java.util.Random(),
                () -> "job_" + UUID.randomUUID().toString().replace("-", "")).withProbation(config.probation());
        var units = new UnitRepository(database, new Scheduler(config.scheduling()), config.retry(),
                model -> ModelRequirements.NONE, tenant -> 1.0, () -> UUID.randomUUID().toString(), verification,
                ACTIVE_JOBS_MAX_AGE);
        this.units = units;
        this.leases = new LeaseService(units, work, clock, config.leaseTtl(), config.maxLeaseWait(), metrics);
        var cars = new CarService(new CarRepository(database, config.enrollment().limits()), clock,
                config.enrollmentTokens(), config.enrollment());
        this.carService = cars;
        this.ledger = new LedgerService(new LedgerRepository(database), LedgerConfig.defaults(), clock);
        this.cloud = CloudStart.services(cloudConfig, database, jobs, config.limits(), bus, clock);
        cloud.consoleViews().pulse().readFrom(metrics.registry()); // the operator's charts read the meters
        // A saved policy rings the car on whichever coordinator holds its online channel, this one included.
        cloud.consoleViews().policies().onSaved(events::policySaved);
        var push = cloud.consoleViews().policyPush();
        this.subscriptions = ClusterEvents.all(java.util.List.of(ClusterWiring.wire(events, work, cloud.limiter(), jobs),
                events.onPolicySaved(saved -> push.ring(saved.carId()))));
        this.forwarding = new io.terafleet.coordinator.online.OnlineForwarding(cloud.router(), bus);
        this.app = HttpApi.create(jobs, cars, leases, config.limits(), ledger, cloud);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()), io.terafleet.coordinator.access.Access.ANONYMOUS);
        this.reaper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lease-reaper").factory());
        this.workWatcher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("work-watcher").factory());
        this.host = config.host();
    }

    /** An embedded coordinator: callers without an API key act as the default tenant ({@link CloudConfig#embedded}). */
    public static Coordinator start(CoordinatorConfig config, Clock clock) {
        return start(config, CloudConfig.embedded(config.database()), clock);
    }

    public static Coordinator start(CoordinatorConfig config, CloudConfig cloudConfig, Clock clock) {
        return start(config, cloudConfig, clock, null);
    }

    /** Serving HTTPS only with {@code tls} (null: plain HTTP). */
    public static Coordinator start(CoordinatorConfig config, CloudConfig cloudConfig, Clock clock,
                                    io.terafleet.coordinator.http.TlsConfig tls) {
        var coordinator = new Coordinator(config, cloudConfig, clock);
        try {
            if (tls != null) {
                tls.apply(coordinator.app, config.host(), config.port());
                coordinator.scheme = "https";
            }
            coordinator.app.start(config.host(), config.port());
            long period = Math.max(100, config.leaseTtl().toMillis() / 4);
            coordinator.reaper.scheduleWithFixedDelay(coordinator::reap, period, period, TimeUnit.MILLISECONDS);
            long recheck = LeaseService.RECHECK.toMillis();
            coordinator.workWatcher.scheduleWithFixedDelay(coordinator::watchForWork, recheck, recheck,
                    TimeUnit.MILLISECONDS);
            LOG.info("coordinator listening on {}", coordinator.uri());
            return coordinator;
        } catch (RuntimeException e) {
            coordinator.close();
            throw e;
        }
    }

    private void reap() {
        try {
            int expired = leases.expireLeases();
            if (expired > 0) {
                LOG.info("took back {} unit(s) whose lease expired", expired);
            }
            for (String job : jobs.tick()) {
                LOG.info("job {} expired: its completion window ended", job);
            }
        } catch (RuntimeException e) {
            LOG.warn("lease reaper failed; will try again", e);
        }
    }

    private void watchForWork() {
        try {
            leases.watchForWork();
        } catch (RuntimeException e) {
            LOG.warn("looking for new work failed; will look again", e);
        }
    }

    public int port() {
        return app.port();
    }

    public URI uri() {
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return URI.create(scheme + "://" + h + ":" + port());
    }

    /** Every endpoint with its declared access. */
    public io.terafleet.coordinator.access.RouteTable routes() {
        return HttpApi.routes(app);
    }

    public CoordinatorMetrics metrics() {
        return metrics;
    }

    public JobService jobs() {
        return jobs;
    }

    /** The work units and their verification (canaries, spot checks) in this coordinator's store. */
    public UnitRepository units() {
        return units;
    }

    public LedgerService ledger() {
        return ledger;
    }

    /** Lease calls waiting here for work now: the idle, eligible cars connected to this coordinator. */
    public int waitingLeaseCalls() {
        return leases.waitingCalls();
    }

    /** Tenants, the model registry and online routing. */
    public CloudServices cloud() {
        return cloud;
    }

    /** The events this coordinator shares with the others on its store (revocations, job events, ...). */
    public ClusterEvents clusterEvents() {
        return events;
    }

    @Override
    public void close() {
        workWatcher.shutdownNow();
        reaper.shutdownNow();
        leases.close();
        cloud.router().close();
        app.stop();
        subscriptions.close();
        forwarding.close();
        bus.close();
        carService.close();
        database.close();
    }
}
