package io.terafleet.agent.generation;

import io.terafleet.agent.client.OnlineLink;
import io.terafleet.core.api.GenerationOutput;
import io.terafleet.core.api.GenerationTask;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import io.terafleet.core.vehicle.Eligibility;
import io.terafleet.core.model.ModelCatalog;
import io.terafleet.generation.BuiltInGenerationModels;
import io.terafleet.generation.ChatMessage;
import io.terafleet.generation.EngineOptions;
import io.terafleet.generation.FinishReason;
import io.terafleet.generation.GenerationEngine;
import io.terafleet.generation.GenerationHandle;
import io.terafleet.generation.GenerationRequest;
import io.terafleet.generation.GenerationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A car's text generation for online requests: one engine per model it carries (requests running at once are
 * decoded together by the engine), tokens streamed to the coordinator as they come, and the answer cut short
 * when the owner's policy stops the car, so that the coordinator resumes it on another car from the tokens
 * streamed so far.
 */
public final class GenerationServer implements AutoCloseable {
    /** How often a running generation checks whether the car may still compute. */
    private static final long ELIGIBILITY_CHECK_MILLIS = 20;

    private final Map<String, Path> models;
    private final Path builtIns;
    private final EngineOptions options;
    private final OnlineLink client;
    private final Supplier<Eligibility> eligibility;
    private final BuiltInGenerationModels.Fetch missing;
    private final ConcurrentHashMap<String, GenerationEngine> engines = new ConcurrentHashMap<>();

    /**
     * @param models    the models the car carries in folders of their own, by name
     * @param builtIns  where the generative models that ship with the agent (the catalog's) are extracted
     */
    public GenerationServer(Map<String, Path> models, Path builtIns, EngineOptions options, OnlineLink client,
                            Supplier<Eligibility> eligibility) {
        this(models, builtIns, options, client, eligibility, BuiltInGenerationModels.Fetch.NONE);
    }

    /** @param missing fetches a built-in model's weights this car's jar does not carry (from the registry) */
    public GenerationServer(Map<String, Path> models, Path builtIns, EngineOptions options, OnlineLink client,
                            Supplier<Eligibility> eligibility, BuiltInGenerationModels.Fetch missing) {
        this.missing = missing;
        this.models = Map.copyOf(models);
        this.builtIns = builtIns;
        this.options = options;
        this.client = client;
        this.eligibility = eligibility;
    }

    public boolean carries(String model) {
        return models.containsKey(model) || ModelCatalog.findGenerative(model).isPresent();
    }

    /** Opens the model's engine once. */
    public GenerationEngine load(String model) {
        if (!carries(model)) {
            throw new IllegalArgumentException("this car does not carry the text-generation model '" + model + "'");
        }
        return engines.computeIfAbsent(model, name -> {
            try {
                // A built-in model's files are checked against the catalog's hashes as they are extracted.
                Path dir = models.containsKey(name) ? models.get(name) : BuiltInGenerationModels.extract(name, builtIns, missing);
                return GenerationEngine.open(dir, options);
            } catch (IOException e) {
                throw new UncheckedIOException("model '" + name + "' could not be opened: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Generates the answer, streaming its tokens each signed by {@code signer} over the stream so far; blocks until
     * it ends, is preempted, or is no longer wanted.
     */
    public OnlineResult serve(OnlineTask task, io.terafleet.agent.identity.CarSigner signer) throws InterruptedException {
        GenerationTask job = task.generation();
        if (job == null) {
            return OnlineResult.failed("a generate request needs its generation parameters", false);
        }
        GenerationEngine engine = load(task.model());
        int[] prompt = engine.encode(job.messages() != null ? engine.applyChatTemplate(messages(job)) : job.prompt());
        int[] resumed = job.resumeTokens();
        int[] tokens = Arrays.copyOf(prompt, prompt.length + resumed.length);
        System.arraycopy(resumed, 0, tokens, prompt.length, resumed.length);
        var request = new GenerationRequest(tokens, job.maxTokens(), job.temperature(), job.topP(), job.seed(),
                job.stop(), resumed.length);
        GenerationHandle[] handle = new GenerationHandle[1];
        var relay = new ChunkRelay(client, signer, task.requestId(), task.model(), resumed.length,
                () -> cancel(handle[0]));
        relay.head(shownLate(engine, resumed, job.resumeText()));
        AtomicBoolean preempted = new AtomicBoolean();
        // Checked after every token too: the owner gets the car back within one decode step.
        handle[0] = engine.submit(request, (token, text, logprob) -> {
            relay.onToken(token, text, logprob);
            if (!preempted.get() && eligibility.get() instanceof Eligibility.NotEligible) {
                preempted.set(true);
                cancel(handle[0]); // before submit returned: the loop below cancels it
            }
        });
        GenerationResult result;
        while (true) {
            try {
                result = handle[0].result().get(ELIGIBILITY_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                if (preempted.get() || eligibility.get() instanceof Eligibility.NotEligible) {
                    preempted.set(true);
                    handle[0].cancel();
                }
                if (relay.gone()) {
                    handle[0].cancel();
                }
            } catch (ExecutionException e) {
                relay.finish(null);
                return OnlineResult.failed("generation failed: " + e.getCause().getMessage(), true);
            } catch (InterruptedException e) {
                handle[0].cancel();
                throw e;
            }
        }
        relay.finish(result.text());
        if (result.finishReason() == FinishReason.CANCELLED) {
            String why = preempted.get() ? "car preempted by its owner's policy" : "request no longer waits for this car";
            return OnlineResult.failed(why + " after " + (resumed.length + result.tokens().length) + " tokens", true);
        }
        String finish = result.finishReason() == FinishReason.LENGTH ? GenerationOutput.LENGTH : GenerationOutput.STOP;
        return OnlineResult.generated(new GenerationOutput(result.tokens(), result.logprobs(), finish, prompt.length));
    }

    /**
     * Text of the resumed tokens the customer has not been shown: what the car before held back when it stopped
     * (it had, say, half a character). The engine decodes on from the resumed tokens as if all of it were shown.
     */
    private static String shownLate(GenerationEngine engine, int[] resumed, String shown) {
        if (resumed.length == 0 || shown == null) {
            return null;
        }
        String whole = engine.decode(resumed);
        return whole.length() > shown.length() && whole.startsWith(shown) ? whole.substring(shown.length()) : null;
    }

    private static void cancel(GenerationHandle handle) {
        if (handle != null) {
            handle.cancel();
        }
    }

    /** The log-probability of each given token after the prompt, in one teacher-forced pass. */
    public OnlineResult score(OnlineTask task) {
        GenerationTask job = task.generation();
        if (job == null) {
            return OnlineResult.failed("a score request needs the prompt and the tokens", false);
        }
        GenerationEngine engine = load(task.model());
        int[] prompt = engine.encode(job.messages() != null ? engine.applyChatTemplate(messages(job)) : job.prompt());
        float[] scores = engine.score(prompt, job.resumeTokens());
        return OnlineResult.generated(new GenerationOutput(job.resumeTokens(), scores, "scored", prompt.length));
    }

    private static List<ChatMessage> messages(GenerationTask job) {
        return job.messages().stream().map(m -> new ChatMessage(m.role(), m.content())).toList();
    }

    @Override
    public void close() {
        engines.values().forEach(GenerationEngine::close);
        engines.clear();
    }
}
