package io.terafleet.agent;

import io.terafleet.agent.client.OnlineChannel;
import io.terafleet.agent.client.OnlineLink;

import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.agent.inference.Embedder;
import io.terafleet.agent.inference.EmbeddingModelSpec;
import io.terafleet.agent.models.ModelResolver;
import io.terafleet.agent.models.ModelStore;
import io.terafleet.agent.models.TransferGate;
import io.terafleet.agent.work.OnlineWorker;
import io.terafleet.agent.signals.VehicleSignals;
import io.terafleet.agent.state.SavedEnrollment;
import io.terafleet.agent.work.AgentStats;
import io.terafleet.agent.work.EmbedderOpener;
import io.terafleet.agent.work.Preemption;
import io.terafleet.agent.work.WorkLoop;
import io.terafleet.core.api.CarStatus;
import io.terafleet.core.api.EnrollRequest;
import io.terafleet.core.vehicle.Eligibility;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
    /** Its own thread, so that a slow heartbeat call can never delay stopping inference. */
    private final ScheduledExecutorService watchdog;
    private final ConcurrentHashMap<String, Embedder> embedders = new ConcurrentHashMap<>();
    private final WorkLoop loop;
    private final OnlineWorker online;
    private final io.terafleet.agent.generation.GenerationServer generation;
    private volatile Thread thread;
    private volatile Thread onlineThread;
    /** The WebSocket online requests come over; null when they come by HTTP long-poll. */
    private final OnlineChannel channel;
    private volatile String carId;
    /** The car's enrollment kept in its spool folder; null without one. */
    private final SavedEnrollment saved;
    private final io.terafleet.agent.work.CarReporter reporter;
    /** Its own thread, so that a slow report never delays a unit's heartbeat. */
    private final ScheduledExecutorService reports;

    public Agent(AgentConfig config, VehicleSignals signals, EmbedderOpener opener, Clock clock) {
        this(config, signals, opener, clock, OnlineOptions.defaults());
    }

    /**
     * @param opener opens the built-in models this car carries (the agent keeps each open); registered models,
     *               and built-in ones it does not carry ({@link OnlineOptions#weights()}), come from the
     *               coordinator's registry, hash-checked, over Wi-Fi
     */
    public Agent(AgentConfig config, VehicleSignals signals, EmbedderOpener opener, Clock clock, OnlineOptions online) {
        this.config = config;
        this.client = new CoordinatorClient(config.coordinator(), config.caCert());
        this.saved = config.spoolDir() == null ? null : new SavedEnrollment(config.spoolDir());
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual()
                .name("heartbeat-" + config.carName()).factory());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("watchdog-" + config.carName()).factory());
        var resolver = new ModelResolver(client, new ModelStore(online.modelDir(), online.modelBudgetBytes(), clock),
                new TransferGate(this::policy, signals), online.builtInCache(), 1, online.weights());
        // A built-in model whose weights this car does not carry comes from the registry like a registered one.
        EmbedderOpener any = model -> EmbeddingModelSpec.find(model).isPresent() && online.weights().carries(model)
                ? opener.open(model) : resolver.openEmbedder(model);
        EmbedderOpener shared = model -> embedders.computeIfAbsent(model, any::open);
        this.loop = new WorkLoop(config, client, signals, shared, heartbeats, watchdog, clock);
        this.reports = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual()
                .name("report-" + config.carName()).factory());
        this.reporter = new io.terafleet.agent.work.CarReporter(config.carName(), client, signals, loop,
                config.spoolDir() == null ? null : new io.terafleet.agent.state.SavedPolicy(config.spoolDir()));
        this.channel = online.enabled() && online.channel() ? new OnlineChannel(client, clock) : null;
        if (channel != null) { // the owner saved a policy: report now, and take it with the answer
            channel.onPolicySaved(() -> {
                try {
                    reports.execute(reporter::reportOnce);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // the agent is closing: nothing to apply any more
                }
            });
        }
        OnlineLink link = channel != null ? channel : client;
        // One engine per model serves both online requests and leased generation units (decoded together).
        var generation = new io.terafleet.agent.generation.GenerationServer(online.generationModels(),
                online.builtInCache().resolve("generation"), io.terafleet.generation.EngineOptions.defaults(),
                link, loop::eligibility, (model, file, sha256, target) -> resolver.download(model, sha256, target));
        loop.generateWith(generation);
        this.generation = generation;
        this.online = online.enabled() ? new OnlineWorker(config.carName(), link, loop, resolver, shared,
                config.models().isEmpty() ? EmbeddingModelSpec.modelNames() : config.models(), config.leaseWait(),
                config.idlePoll(), clock, generation) : null;
    }

    /** Tokens this car has generated for leased generation units. */
    public long tokensGenerated() {
        return loop.tokensGenerated();
    }

    /** Enrolls (retrying while the coordinator is unreachable) and starts the work loop. */
    public synchronized Agent start() {
        if (thread != null) {
            throw new IllegalStateException("agent " + config.carName() + " already started");
        }
        thread = Thread.ofPlatform().name("agent-" + config.carName()).start(() -> {
            try {
                identify();
                startReports();
                startOnline();
                loop.run();
            } catch (RuntimeException e) {
                if (loop.running()) {
                    LOG.error("agent {} stopped: {}", config.carName(), e.toString(), e);
                } else { // closed (Ctrl-C) while enrolling or starting: an ending, not a failure
                    LOG.info("agent {} stopped before it started working", config.carName());
                }
            }
        });
        return this;
    }

    /** Reports beside the work loop, so a policy the owner sets reaches the car while it waits or computes. */
    private void startReports() {
        long period = io.terafleet.agent.work.CarReporter.period(config.idlePoll()).toMillis();
        reports.scheduleWithFixedDelay(reporter::reportOnce, 0, period, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void startOnline() {
        if (online != null && loop.running()) {
            onlineThread = Thread.ofPlatform().name("online-" + config.carName()).start(online::run);
        }
    }

    /**
     * Becomes this car: the enrollment saved in the spool folder if there is one and the coordinator still honours
     * it (then what the last run finished is sent again), else a new enrollment, saved for the next start.
     */
    private void identify() {
        if (saved == null) {
            enrollWithRetry();
            return;
        }
        var previous = saved.load();
        if (previous.isPresent() && saved.privateKey().isEmpty()) {
            // Saved without a key pair: the coordinator accepts nothing unsigned, so this car enrolls anew.
            int dropped = loop.dropSpooled();
            LOG.warn("car {}: the saved enrollment of {} holds no key pair; enrolling anew and dropping {} spooled"
                    + " completion(s)", config.carName(), previous.get().carId(), dropped);
            saved.delete();
            previous = java.util.Optional.empty();
        }
        if (previous.isPresent()) {
            client.useCredential(previous.get().credential());
            loop.signer().use(saved.privateKey().orElse(null));
            carId = previous.get().carId();
            try {
                confirmCredential();
                int sent = loop.resendSpooled();
                LOG.info("car {} is {} again (saved enrollment); {} spooled completion(s) answered",
                        config.carName(), carId, sent);
                return;
            } catch (CoordinatorException e) {
                if (e.status() != 401 && e.status() != 403) {
                    throw e;
                }
                client.useCredential(null);
                loop.signer().use(null);
                int dropped = loop.dropSpooled();
                LOG.warn("car {}: the coordinator refused the saved credential of {} ({}); enrolling anew and "
                        + "dropping {} spooled completion(s)", config.carName(), carId, e.status(), dropped);
                saved.delete();
            }
        }
        enrollWithRetry();
    }

    /** Reports the car's decision with the saved credential, retrying while the coordinator is unreachable. */
    private void confirmCredential() {
        Duration delay = Duration.ofMillis(200);
        while (loop.running()) {
            try {
                client.reportStatus(loop.eligibility() instanceof Eligibility.NotEligible why
                        ? CarStatus.notEligible(why.reason(), why.detail()) : CarStatus.eligibleNow());
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

    private void enrollWithRetry() {
        Duration delay = Duration.ofMillis(200);
        while (loop.running()) {
            try {
                // The car's own key pair, made here: the coordinator keeps the public half, the car the private.
                var keys = io.terafleet.core.identity.CarKeys.generate();
                var enrollment = client.enroll(new EnrollRequest(config.enrollmentToken(), config.carName(),
                        config.hardwareClass(), null, io.terafleet.core.identity.CarKeys.encode(keys.getPublic())));
                if (saved != null) {
                    saved.save(enrollment, keys.getPrivate());
                }
                loop.signer().use(keys.getPrivate());
                carId = enrollment.carId();
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

    /** Whether online requests reach this car over its WebSocket channel now (rather than HTTP long-polls). */
    public boolean onlineOverChannel() {
        return channel != null && channel.isOpen();
    }

    /** Online requests this car answered (0 when online serving is off). */
    public long onlineServed() {
        return online == null ? 0 : online.served();
    }

    public AgentStats stats() {
        return loop.stats();
    }

    /** Units handed back because the car was needed, with the times to stop and to release; oldest first. */
    public List<Preemption> preemptions() {
        return loop.preemptions();
    }

    /** The owner's policy the car applies now. */
    public io.terafleet.core.policy.OwnerPolicy policy() {
        return loop.policy();
    }

    /** The console-set policy version the car applies; null while it applies the one it started with. */
    public Long policyVersion() {
        return reporter.appliedVersion();
    }

    /** Every reason the policy gives now for not computing (empty: it may), as {@code agent explain} lists them. */
    public List<Eligibility.NotEligible> explain() {
        return loop.explain();
    }

    /** What the owner policy says about computing now. */
    public Eligibility eligibility() {
        return loop.eligibility();
    }

    /** Stops at once: inference in flight is aborted and the current unit is released, not lost. */
    @Override
    public void close() {
        loop.stop();
        if (online != null) {
            online.stop();
            if (channel != null) {
                channel.close();
            }
        }
        for (Thread t : new Thread[] {thread, onlineThread}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        heartbeats.shutdownNow();
        reports.shutdownNow();
        watchdog.shutdownNow();
        embedders.values().forEach(Embedder::close);
        generation.close(); // a second close (the online worker's) finds no engine left
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
