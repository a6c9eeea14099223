package io.terafleet.coordinator.online;

import io.terafleet.coordinator.service.WorkSignal;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Online requests, routed in memory: cars that hold a model keep a poll open ({@link #poll}); a request
 * ({@link #route}) is handed to the car that has waited longest, and the caller waits for its answer
 * ({@link #answer}). A car that times out or fails is left out and the request goes to the next one. Nothing
 * touches the store: an online request lives only as long as its HTTP call.
 */
public final class OnlineRouter {
    private final OnlineConfig config;
    private final Clock clock;
    private final ConcurrentHashMap<String, ConcurrentLinkedDeque<Offer>> ready = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> lastPollMillis = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> lastProgressNanos = new ConcurrentHashMap<>();
    private final WorkSignal arrivals = new WorkSignal();
    private final CarHealth health;
    private volatile boolean closing;
    private final SpotChecks spotChecks = new SpotChecks();
    /** Per model: the requests waiting for a car, and how long its cars take. */
    private final ConcurrentHashMap<String, Line> lines = new ConcurrentHashMap<>();

    /** One model's waiting requests and service time; its monitor orders "no car ready, so wait" with "ready". */
    private record Line(AdmissionQueue queue, ServiceTime service) {
    }

    private Line line(String model) {
        return lines.computeIfAbsent(model, m -> new Line(new AdmissionQueue(config.maxQueued()), new ServiceTime()));
    }

    /** A car for the request, or why none: the queue was full (busy), or none came within the admission wait. */
    private sealed interface Handover {
        record Car(String carId) implements Handover {
        }

        record QueueFull(int queued) implements Handover {
        }

        record NoneInTime() implements Handover {
        }
    }

    /**
     * A car ready for one request for one of {@code models} (an open poll, or a ready frame on its channel):
     * {@code task} is completed with the request it is handed, once, or cancelled when it is withdrawn.
     */
    public record Offer(String carId, List<String> models, CompletableFuture<OnlineTask> task) {
    }

    private record InFlight(String carId, String model, CompletableFuture<OnlineResult> result) {
    }

    public OnlineRouter(OnlineConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.health = new CarHealth(clock);
    }

    /** Cars left out of routing for having gone silent on a request. */
    public CarHealth health() {
        return health;
    }

    public OnlineConfig config() {
        return config;
    }

    /** A car waits up to {@code wait} for a request for one of {@code models}; empty when none came. */
    public Optional<OnlineTask> poll(String carId, List<String> models, Duration wait) throws InterruptedException {
        Optional<Offer> offered = offer(carId, models);
        if (offered.isEmpty()) {
            // Silent on a request it was handed: not in the ready set until it answers or cools off.
            Thread.sleep(Math.min(wait.toMillis(), 1_000));
            return Optional.empty();
        }
        Offer car = offered.get();
        Duration bounded = wait.compareTo(config.maxPollWait()) > 0 ? config.maxPollWait() : wait;
        try {
            return Optional.of(car.task().get(closing ? 0 : bounded.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            // Lost the race with a request handing it work? Then the work is ours to answer.
            return car.task().cancel(false) ? Optional.empty() : Optional.of(car.task().join());
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            return Optional.empty(); // the router is closing
        } finally {
            withdraw(car);
        }
    }

    /**
     * Puts a car in the ready set for one request for one of {@code models}, until it is handed one or
     * {@link #withdraw withdrawn}; empty while the car is left out as silent.
     */
    public Optional<Offer> offer(String carId, List<String> models) {
        if (!health.isHealthy(carId) || closing) {
            return Optional.empty();
        }
        var car = new Offer(carId, List.copyOf(models), new CompletableFuture<>());
        long now = clock.millis();
        models.forEach(model -> lastPollMillis.put(model, now));
        place(car);
        return Optional.of(car);
    }

    /** To the request that has waited its turn for one of the car's models, else into the ready set. */
    private void place(Offer car) {
        for (String model : car.models()) {
            Line line = line(model);
            synchronized (line) {
                AdmissionQueue.Waiter waiter;
                while ((waiter = line.queue().next()) != null) {
                    if (waiter.car().complete(car)) {
                        return;
                    }
                }
            }
        }
        for (String model : car.models()) {
            Line line = line(model);
            synchronized (line) {
                ready.computeIfAbsent(model, m -> new ConcurrentLinkedDeque<>()).addLast(car);
            }
        }
        arrivals.signalAll();
    }

    /** Takes an offer out of the ready set; true when it had not been handed a request (and never will be). */
    public boolean withdraw(Offer car) {
        boolean unused = car.task().cancel(false) || car.task().isCancelled();
        car.models().forEach(model -> {
            var cars = ready.get(model);
            if (cars != null) {
                cars.remove(car);
            }
        });
        return unused;
    }

    /** A car's answer to a request it was handed; false if the request is no longer waiting for this car. */
    public boolean answer(String carId, String requestId, OnlineResult result) {
        health.answered(carId);
        InFlight flight = inFlight.get(requestId);
        return flight != null && flight.carId().equals(carId) && flight.result().complete(result);
    }

    /**
     * The model of request {@code requestId} when it is handed to {@code carId} and still waits for its answer: what
     * the car's signature on its answer must cover. Empty otherwise.
     */
    public Optional<String> modelServed(String carId, String requestId) {
        InFlight flight = requestId == null ? null : inFlight.get(requestId);
        return flight != null && carId.equals(flight.carId()) && !flight.result().isDone()
                ? Optional.of(flight.model()) : Optional.empty();
    }

    /** Whether {@code requestId} is handed to {@code carId} and still waits for its answer. */
    public boolean isServing(String carId, String requestId) {
        InFlight flight = inFlight.get(requestId);
        return flight != null && flight.carId() != null && flight.carId().equals(carId) && !flight.result().isDone();
    }

    /**
     * A car serving the request sent part of its answer (streamed tokens): it is not silent, so its deadline
     * counts from now. False when the request no longer waits for this car.
     */
    public boolean madeProgress(String carId, String requestId) {
        if (!isServing(carId, requestId)) {
            return false;
        }
        lastProgressNanos.put(requestId, System.nanoTime());
        return true;
    }

    /** Whether a car holding the model polled recently enough to be asked. */
    public boolean hasCarsFor(String model) {
        Long last = lastPollMillis.get(model);
        return last != null && clock.millis() - last <= config.maxPollWait().toMillis() + 5_000;
    }

    /** Cars with a poll open for the model right now. */
    public int readyCars(String model) {
        var cars = ready.get(model);
        return cars == null ? 0 : (int) cars.stream().filter(c -> !c.task().isDone()).count();
    }

    /** Requests for the model waiting in its admission queue for a busy car. */
    public int queued(String model) {
        Line line = lines.get(model);
        return line == null ? 0 : line.queue().size();
    }

    /**
     * Where a request goes when no car of this coordinator holds its model (another coordinator's cars), with the
     * tenant it is for, so that it takes that tenant's turn in the admission queue there.
     */
    public interface Forwarder {
        RouteOutcome forward(String model, String tenant, Function<String, OnlineTask> task)
                throws InterruptedException;
    }

    private volatile Forwarder forwarder;

    /** Requests for models no car here holds go to {@code elsewhere} (the cluster bus). */
    public void forwardWith(Forwarder elsewhere) {
        this.forwarder = elsewhere;
    }

    /** Models with a car polling right now. */
    public Set<String> modelsWithReadyCars() {
        Set<String> models = new HashSet<>();
        ready.keySet().forEach(model -> {
            if (readyCars(model) > 0) {
                models.add(model);
            }
        });
        return models;
    }

    /**
     * Routes one request: {@code task} builds it for a request id; tries up to {@code attempts} cars, here or, when
     * no car here holds the model, through the {@link Forwarder} at a coordinator whose cars do.
     */
    public RouteOutcome route(String model, Function<String, OnlineTask> task) throws InterruptedException {
        return route(model, NO_TENANT, task);
    }

    private final ConcurrentHashMap<String, EmbedBatcher> batchers = new ConcurrentHashMap<>();

    /**
     * Embeds {@code texts} with {@code model} for {@code tenant}: merged with concurrent requests for the model into
     * one car call when batching is on ({@link OnlineConfig#maxBatch} above 1), else routed as it is.
     */
    public RouteOutcome embed(String model, String tenant, List<String> texts) throws InterruptedException {
        if (config.maxBatch() <= 1 || texts.size() >= config.maxBatch()) {
            return embedNow(model, tenant, texts);
        }
        return batchers.computeIfAbsent(model, m -> new EmbedBatcher(config.maxBatch(), config.maxBatchDelay(),
                (turn, batch) -> embedNow(m, turn, batch))).embed(tenant, texts);
    }

    private RouteOutcome embedNow(String model, String tenant, List<String> texts) throws InterruptedException {
        return route(model, tenant, id -> new OnlineTask(id, model, OnlineTask.EMBED, texts, null, null));
    }

    /** Requests without a tenant (forwarded ones, spot checks) share one turn in the admission queue. */
    public static final String NO_TENANT = "";

    /** As {@link #route(String, Function)}, for {@code tenant}: waiting requests take turns by tenant. */
    public RouteOutcome route(String model, String tenant, Function<String, OnlineTask> task)
            throws InterruptedException {
        Forwarder elsewhere = forwarder;
        if (elsewhere != null && !hasCarsFor(model)) {
            return elsewhere.forward(model, tenant, task);
        }
        return route(model, tenant, task, Set.of());
    }

    /** As {@link #route}, with the cars of this coordinator only. */
    public RouteOutcome routeHere(String model, Function<String, OnlineTask> task) throws InterruptedException {
        return route(model, task, Set.of());
    }

    /** As {@link #route(String, String, Function)}, with the cars of this coordinator only (a forwarded request). */
    public RouteOutcome routeHere(String model, String tenant, Function<String, OnlineTask> task)
            throws InterruptedException {
        return route(model, tenant == null ? NO_TENANT : tenant, task, Set.of());
    }

    /** One model's online requests as counted in memory: answered so far, and the moving-average latency. */
    public record Latency(String model, long answered, double meanMillis, int readyCars) {
    }

    /** Each model's online counts, read from memory (one entry per model served here): for the operator's console. */
    public java.util.List<Latency> latencies() {
        return lines.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> new Latency(e.getKey(), e.getValue().service().answered(),
                        e.getValue().service().mean().toNanos() / 1e6, readyCars(e.getKey())))
                .toList();
    }

    /** Spot checks of online answers, and the cars they caught (never handed requests again). */
    public SpotChecks spotChecks() {
        return spotChecks;
    }

    /** As {@link #routeHere}, never to the cars in {@code excluded} nor to a car caught lying. */
    public RouteOutcome route(String model, Function<String, OnlineTask> task, Set<String> excluded)
            throws InterruptedException {
        return route(model, NO_TENANT, task, excluded);
    }

    private RouteOutcome route(String model, String tenant, Function<String, OnlineTask> task, Set<String> excluded)
            throws InterruptedException {
        Line line = line(model);
        Set<String> tried = new HashSet<>(excluded);
        tried.addAll(spotChecks.caughtCars());
        String lastFailure = null;
        for (int attempt = 1; attempt <= config.attempts(); attempt++) {
            String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
            var flight = new InFlight(null, model, new CompletableFuture<>());
            OnlineTask built = task.apply(requestId);
            Duration deadline = deadline(built);
            Handover handover = handOver(model, tenant, tried, requestId, built, flight);
            if (!(handover instanceof Handover.Car handed)) {
                boolean full = handover instanceof Handover.QueueFull;
                int queued = line.queue().size();
                if (full || (lastFailure == null && hasCarsFor(model))) {
                    return new RouteOutcome.Busy(model, queued, full,
                            line.service().retryAfterSeconds(queued + 1, readyCars(model)));
                }
                return lastFailure == null ? new RouteOutcome.NoCar(model) : new RouteOutcome.Unavailable(lastFailure, attempt - 1);
            }
            Optional<String> car = Optional.of(handed.carId());
            tried.add(car.get());
            long handedAt = System.nanoTime();
            line.service().started();
            boolean served = false;
            try {
                OnlineResult result = await(requestId, deadline);
                served = true;
                line.service().finished(System.nanoTime() - handedAt);
                if (result.error() == null) {
                    return new RouteOutcome.Answered(result, car.get(), attempt);
                }
                if (!Boolean.TRUE.equals(result.retryable())) {
                    return new RouteOutcome.Rejected(result.error());
                }
                lastFailure = "car failed: " + result.error();
            } catch (TimeoutException e) {
                health.silent(car.get()); // out of the ready set until it answers again
                lastFailure = "no answer from a car within " + deadline.toMillis() + " ms";
            } catch (ExecutionException e) {
                lastFailure = "car failed: " + e.getCause();
            } finally {
                if (!served) {
                    line.service().abandoned();
                }
                inFlight.remove(requestId);
                lastProgressNanos.remove(requestId);
            }
        }
        return new RouteOutcome.Unavailable(lastFailure, config.attempts());
    }

    /**
     * The car's answer, waiting at most {@code deadline} since the car last showed progress (the hand-over, or a
     * streamed part of its answer): a long generation that keeps streaming is never cut off, a silent car is.
     */
    private OnlineResult await(String requestId, Duration deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<OnlineResult> result = inFlight.get(requestId).result();
        long handedOver = System.nanoTime();
        while (true) {
            long since = Math.max(handedOver, lastProgressNanos.getOrDefault(requestId, handedOver));
            long left = deadline.toNanos() - (System.nanoTime() - since);
            if (left <= 0) {
                throw new TimeoutException();
            }
            try {
                return result.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // progress may have moved the deadline on: look again
            }
        }
    }

    /** Time a car may take per text beyond the first: a CPU embeds a short text in well under 20 ms. */
    static final Duration PER_EXTRA_TEXT = Duration.ofMillis(20);

    /**
     * Time a car has to answer before it counts as silent: the request timeout (1 s by default), plus
     * {@link #PER_EXTRA_TEXT} per text beyond the first, so a 2,048-text request is not cut off mid-compute.
     */
    private Duration deadline(OnlineTask task) {
        int texts = task.texts() == null ? 1 : task.texts().size();
        return config.requestTimeout().plus(PER_EXTRA_TEXT.multipliedBy(Math.max(0, texts - 1)));
    }

    /**
     * Hands the task to the longest-waiting ready car not tried yet. When every car holding the model is busy, the
     * request joins the model's admission queue (bounded; tenants take turns) for up to the admission wait, and
     * the next car that becomes ready is handed to it there; a full queue refuses it at once. No waiting at all
     * when no car holding the model has been seen lately.
     */
    private Handover handOver(String model, String tenant, Set<String> tried, String requestId, OnlineTask task,
                              InFlight unassigned) throws InterruptedException {
        long deadline = System.nanoTime() + config.admissionWait().toNanos();
        Line line = line(model);
        while (!closing && hasCarsFor(model)) {
            Offer car = takeReady(model, tried);
            if (car == null) {
                AdmissionQueue.Waiter waiter;
                synchronized (line) { // a car placed now either finds this waiter or is found by takeReady
                    car = takeReady(model, tried);
                    waiter = car != null ? null : line.queue().join(tenant).orElse(null);
                    if (car == null && waiter == null) {
                        return new Handover.QueueFull(line.queue().size());
                    }
                }
                if (car == null) {
                    car = awaitTurn(line, waiter, deadline);
                    if (car == null) {
                        return new Handover.NoneInTime();
                    }
                    if (tried.contains(car.carId()) || !health.isHealthy(car.carId())) {
                        place(car); // not for this request: to the next in turn
                        continue;
                    }
                }
            }
            // Registered before the handover, so that an answer arriving at once finds its request.
            inFlight.put(requestId, new InFlight(car.carId(), model, unassigned.result()));
            if (car.task().complete(task)) {
                return new Handover.Car(car.carId());
            }
            inFlight.remove(requestId);
        }
        return new Handover.NoneInTime();
    }

    /** The car handed to {@code waiter}, or null when none came before {@code deadline} (it leaves the queue). */
    private Offer awaitTurn(Line line, AdmissionQueue.Waiter waiter, long deadline) throws InterruptedException {
        try {
            return waiter.car().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException | java.util.concurrent.CancellationException e) {
            line.queue().leave(waiter);
            if (waiter.car().cancel(false) || waiter.car().isCompletedExceptionally()) {
                return null;
            }
            return waiter.car().join(); // handed a car as its time ran out
        } catch (InterruptedException e) {
            line.queue().leave(waiter);
            if (!waiter.car().cancel(false) && !waiter.car().isCompletedExceptionally()) {
                place(waiter.car().join());
            }
            throw e;
        }
    }

    /** The longest-waiting ready, healthy car not in {@code tried}, taken out of the ready set; null when none. */
    private Offer takeReady(String model, Set<String> tried) {
        var cars = ready.get(model);
        Offer car;
        while (cars != null && (car = cars.pollFirst()) != null) {
            if (!car.task().isDone() && !health.isHealthy(car.carId())) {
                car.task().cancel(false); // a silent car's poll ends empty; it is dropped from the ready set
                continue;
            }
            if (car.task().isDone() || tried.contains(car.carId())) {
                if (!car.task().isDone()) {
                    cars.addLast(car); // ready for others; this request has been there already
                    if (cars.stream().allMatch(c -> c.task().isDone() || tried.contains(c.carId()))) {
                        return null;
                    }
                }
                continue;
            }
            return car;
        }
        return null;
    }

    /** Ends every open poll empty, so that the HTTP server can stop under none. */
    public void close() {
        closing = true;
        ready.values().forEach(cars -> cars.forEach(car -> car.task().cancel(false)));
        arrivals.signalAll();
    }
}
