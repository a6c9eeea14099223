package io.terafleet.agent.work;

import io.terafleet.agent.client.OnlineLink;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.agent.inference.Embedder;
import io.terafleet.agent.inference.EmbeddingException;
import io.terafleet.agent.inference.ModelRefusedException;
import io.terafleet.agent.inference.TensorSession;
import io.terafleet.agent.models.ModelResolver;
import io.terafleet.core.api.FloatVectors;
import io.terafleet.core.api.ModelDescriptor;
import io.terafleet.core.api.OnlinePoll;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import io.terafleet.core.vehicle.Eligibility;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import io.terafleet.agent.generation.GenerationServer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves online requests (embeddings, KServe infer) beside the batch loop: while the owner policy says yes,
 * keeps a poll open at the coordinator for the models it holds loaded, computes what it is handed on the same
 * embedder as batch work (online first: the batch runner waits while a request computes) and posts the answer.
 * Only registered models are loaded; a model whose bytes fail their hash is dropped, and the rest still served.
 */
public final class OnlineWorker {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineWorker.class);
    /** Texts per ONNX Runtime call for one request: a long request is cut so padding stays bounded. */
    static final int CHUNK = 64;
    /** How often models that could not be loaded (no Wi-Fi yet, say) are tried again. */
    static final Duration RELOAD_AFTER = Duration.ofSeconds(30);

    private final String carName;
    private final OnlineLink client;
    private final WorkLoop loop;
    private final ModelResolver resolver;
    private final EmbedderOpener embedders;
    private final List<String> wanted;
    private final Duration pollWait;
    private final Duration idlePoll;
    private final Clock clock;
    private final ConcurrentHashMap<String, TensorSession> sessions = new ConcurrentHashMap<>();
    private final Set<String> serving = new LinkedHashSet<>();
    private final AtomicLong served = new AtomicLong();
    private Instant lastLoad = Instant.MIN;
    private volatile boolean running = true;
    private final GenerationServer generation;
    /** Generations running at once: the engine decodes them together, one batch per step. */
    private final Semaphore generating = new Semaphore(MAX_CONCURRENT_GENERATIONS);
    static final int MAX_CONCURRENT_GENERATIONS = 8;

    public OnlineWorker(String carName, OnlineLink client, WorkLoop loop, ModelResolver resolver,
                        EmbedderOpener embedders, List<String> models, Duration pollWait, Duration idlePoll, Clock clock) {
        this(carName, client, loop, resolver, embedders, models, pollWait, idlePoll, clock, null);
    }

    /** @param generation the text-generation models the car carries, or null for none */
    public OnlineWorker(String carName, OnlineLink client, WorkLoop loop, ModelResolver resolver,
                        EmbedderOpener embedders, List<String> models, Duration pollWait, Duration idlePoll, Clock clock,
                        GenerationServer generation) {
        this.generation = generation;
        this.carName = carName;
        this.client = client;
        this.loop = loop;
        this.resolver = resolver;
        this.embedders = embedders;
        this.wanted = List.copyOf(models);
        this.pollWait = pollWait;
        this.idlePoll = idlePoll;
        this.clock = clock;
    }

    /** Requests this car has answered. */
    public long served() {
        return served.get();
    }

    /** The models this car holds loaded and offers for online requests. */
    public synchronized List<String> serving() {
        return List.copyOf(serving);
    }

    public void stop() {
        running = false;
    }

    public void run() {
        while (running && loop.running()) {
            if (loop.eligibility() instanceof Eligibility.NotEligible) {
                pause(idlePoll);
                continue;
            }
            List<String> models = loadModels();
            if (models.isEmpty()) {
                pause(idlePoll);
                continue;
            }
            try {
                generating.acquire(); // a free generation slot before the car offers itself again
                OnlineTask task;
                try {
                    task = client.onlinePoll(new OnlinePoll(models, pollWait.toMillis()));
                } finally {
                    generating.release();
                }
                if (task != null && (OnlineTask.GENERATE.equals(task.kind()) || OnlineTask.SCORE.equals(task.kind()))) {
                    generating.acquire();
                    Thread.ofVirtual().name("generate-" + task.requestId()).start(() -> generate(task));
                } else if (task != null) {
                    answer(task, serve(task));
                }
            } catch (CoordinatorException e) {
                if (running) {
                    LOG.debug("car {}: online poll failed: {}", carName, e.getMessage());
                    pause(idlePoll);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
        sessions.values().forEach(TensorSession::close);
        if (generation != null) {
            generation.close();
        }
    }

    /** Loads what is wanted and not yet loaded: at start, then every {@link #RELOAD_AFTER} while some are missing. */
    private synchronized List<String> loadModels() {
        Instant now = clock.instant();
        if (serving.size() < wanted.size() && !now.isBefore(lastLoad.plus(RELOAD_AFTER))) {
            lastLoad = now;
            for (String model : wanted) {
                if (!serving.contains(model) && load(model)) {
                    serving.add(model);
                }
            }
        }
        return List.copyOf(serving);
    }

    private boolean load(String model) {
        try {
            ModelDescriptor descriptor = resolver.describe(model);
            if (descriptor.isTextGeneration()) {
                if (generation == null || !generation.carries(model)) {
                    LOG.info("car {} does not carry the text-generation model {}", carName, model);
                    return false;
                }
                generation.load(model);
            } else if (descriptor.isTextEmbedding()) {
                embedders.open(model);
            } else {
                sessions.computeIfAbsent(model, resolver::openSession);
            }
            LOG.info("car {} serves {} online", carName, model);
            return true;
        } catch (ModelRefusedException e) {
            LOG.warn("car {} refuses model {}: {}", carName, model, e.getMessage());
            return false;
        } catch (EmbeddingException | CoordinatorException | java.io.UncheckedIOException e) {
            LOG.info("car {}: model {} not loaded now: {}", carName, model, e.getMessage());
            return false;
        }
    }

    private OnlineResult serve(OnlineTask task) {
        if (loop.eligibility() instanceof Eligibility.NotEligible why) {
            return OnlineResult.failed("car no longer eligible: " + why.reason(), true);
        }
        loop.online().enter();
        long started = System.nanoTime();
        try {
            OnlineResult result = OnlineTask.INFER.equals(task.kind()) ? infer(task) : embed(task);
            return result.withComputeNanos(System.nanoTime() - started);
        } catch (IllegalArgumentException e) {
            return OnlineResult.failed(e.getMessage(), false); // the request itself: no car would do better
        } catch (RuntimeException e) {
            LOG.warn("car {}: online request {} failed: {}", carName, task.requestId(), e.toString());
            return OnlineResult.failed(e.getMessage(), true);
        } finally {
            loop.energy().addCompute(System.nanoTime() - started);
            loop.online().exit();
        }
    }

    /** Serves a generation on its own thread, so that the car takes more requests to decode in the same batch. */
    private void generate(OnlineTask task) {
        loop.online().enter();
        long started = System.nanoTime();
        try {
            OnlineResult result = loop.eligibility() instanceof Eligibility.NotEligible why
                    ? OnlineResult.failed("car no longer eligible: " + why.reason(), true)
                    : (OnlineTask.SCORE.equals(task.kind()) ? generation.score(task) : generation.serve(task, loop.signer()))
                            .withComputeNanos(System.nanoTime() - started);
            answer(task, result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalArgumentException e) {
            answer(task, OnlineResult.failed(e.getMessage(), false));
        } catch (RuntimeException e) {
            LOG.warn("car {}: generation {} failed: {}", carName, task.requestId(), e.toString());
            answer(task, OnlineResult.failed(e.getMessage(), true));
        } finally {
            loop.energy().addCompute(System.nanoTime() - started);
            loop.online().exit();
            generating.release();
        }
    }

    private OnlineResult embed(OnlineTask task) {
        Embedder embedder = embedders.open(task.model());
        List<String> texts = task.texts() == null ? List.of() : task.texts();
        List<String> vectors = new ArrayList<>(texts.size());
        int tokens = 0;
        for (int from = 0; from < texts.size(); from += CHUNK) {
            Embedder.Embedded chunk = embedder.embedCounting(texts.subList(from, Math.min(from + CHUNK, texts.size())));
            for (float[] vector : chunk.vectors()) {
                vectors.add(FloatVectors.toBase64(vector));
            }
            tokens += chunk.tokens();
        }
        return new OnlineResult(vectors, tokens, null, null, null);
    }

    private OnlineResult infer(OnlineTask task) {
        TensorSession session = sessions.computeIfAbsent(task.model(), resolver::openSession);
        return new OnlineResult(null, null, session.run(task.inputs(), task.outputs()), null, null);
    }

    private void answer(OnlineTask task, OnlineResult result) {
        try {
            // Signed with the car's key: the coordinator delivers no answer it cannot trace to this car.
            OnlineResult signed = loop.signer().sign(task.requestId(), task.model(), result);
            if (client.onlineAnswer(task.requestId(), signed)) {
                served.incrementAndGet();
            }
        } catch (CoordinatorException e) {
            LOG.debug("car {}: answer to {} not delivered: {}", carName, task.requestId(), e.getMessage());
        }
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
