package io.terafleet.agent.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.core.api.GeneratedAnswer;
import io.terafleet.core.api.GenerationOutput;
import io.terafleet.core.api.GenerationTask;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.UnitInput;
import io.terafleet.core.vehicle.Eligibility;
import io.terafleet.core.verification.GenerationComparator;
import io.terafleet.generation.ChatMessage;
import io.terafleet.generation.FinishReason;
import io.terafleet.generation.GenerationEngine;
import io.terafleet.generation.GenerationHandle;
import io.terafleet.generation.GenerationRequest;
import io.terafleet.generation.GenerationResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One leased generation unit on the car's engine: every prompt of the unit submitted at once, so the engine decodes
 * them together, each resumed after the tokens another car generated for it (same seed, same positions: the same
 * tokens as an uninterrupted run). When the owner's policy stops the car, every answer stops within one decode
 * step; the finished ones are results, the others go back with their tokens so far for the next car to resume.
 */
public final class GenerationUnit {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often the running unit checks whether the car may still compute. */
    private static final long CHECK_MILLIS = 20;

    /**
     * What the unit came to.
     *
     * @param results   one per input: finished answers, and (when stopped) unfinished ones with their tokens so far
     * @param stoppedBy why the car stopped before every answer was finished, or null when all were
     * @param tokens    the tokens this car generated for the unit
     */
    public record Outcome(List<InputResult> results, Eligibility.NotEligible stoppedBy, long tokens) {
    }

    private record Running(UnitInput input, GenerationTask task, int promptTokens, String head, GenerationHandle handle) {
    }

    private GenerationUnit() {
    }

    /**
     * @param generated counts each token as it is decoded (for the car's own figures)
     */
    public static Outcome run(GenerationEngine engine, List<UnitInput> inputs, Supplier<Eligibility> eligibility,
                              AtomicLong generated) throws InterruptedException {
        List<Running> running = new ArrayList<>(inputs.size());
        List<InputResult> checked = new ArrayList<>();
        long before = generated.get();
        for (UnitInput input : inputs) {
            GenerationTask task = task(input);
            if (task.rescores()) {
                checked.add(check(engine, input.index(), task));
            } else {
                running.add(submit(engine, input, generated));
            }
        }
        CompletableFuture<?> all = CompletableFuture.allOf(running.stream().map(r -> r.handle().result())
                .toArray(CompletableFuture[]::new));
        Eligibility.NotEligible stoppedBy = null;
        while (true) {
            try {
                all.get(CHECK_MILLIS, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                if (stoppedBy == null && eligibility.get() instanceof Eligibility.NotEligible why) {
                    stoppedBy = why;
                    running.forEach(r -> r.handle().cancel());
                }
            } catch (ExecutionException e) {
                running.forEach(r -> r.handle().cancel());
                throw new IllegalStateException("generation failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                running.forEach(r -> r.handle().cancel());
                throw e;
            }
        }
        List<InputResult> results = new ArrayList<>(checked);
        boolean allFinished = true;
        for (Running r : running) {
            GenerationResult result = r.handle().result().join();
            String finish = switch (result.finishReason()) {
                case CANCELLED -> null;
                case LENGTH -> GenerationOutput.LENGTH;
                default -> GenerationOutput.STOP;
            };
            allFinished &= finish != null;
            results.add(InputResult.generated(r.input().index(), new GeneratedAnswer(result.tokens(),
                    result.logprobs(), r.head() + result.text(), finish, r.task().resumeTokens().length,
                    r.promptTokens())));
        }
        return new Outcome(results, allFinished ? null : stoppedBy, generated.get() - before);
    }

    /**
     * A check of another car's answer: one teacher-forced pass, answered as the token this car's sampler chooses at
     * each position and the log-probability of the answered token there; the coordinator compares.
     */
    private static InputResult check(GenerationEngine engine, int index, GenerationTask task) {
        int[] prompt = promptOf(engine, task);
        GenerationEngine.Check found = engine.check(prompt, task.score(), task.temperature(), task.topP(), task.seed(),
                4 * GenerationComparator.DEFAULT_TOLERANCE);
        return InputResult.generated(index, new GeneratedAnswer(found.chosen(), found.logprobs(), "",
                GenerationOutput.STOP, 0, prompt.length));
    }

    private static int[] promptOf(GenerationEngine engine, GenerationTask task) {
        return engine.encode(task.messages() != null ? engine.applyChatTemplate(task.messages().stream()
                .map(m -> new ChatMessage(m.role(), m.content())).toList()) : task.prompt());
    }

    private static Running submit(GenerationEngine engine, UnitInput input, AtomicLong generated) {
        GenerationTask task = task(input);
        int[] prompt = promptOf(engine, task);
        int[] resumed = task.resumeTokens();
        int[] tokens = Arrays.copyOf(prompt, prompt.length + resumed.length);
        System.arraycopy(resumed, 0, tokens, prompt.length, resumed.length);
        var request = new GenerationRequest(tokens, task.maxTokens(), task.temperature(), task.topP(), task.seed(),
                task.stop(), resumed.length);
        GenerationHandle handle = engine.submit(request, (token, text, logprob) -> generated.incrementAndGet());
        return new Running(input, task, prompt.length, head(engine, resumed, task.resumeText()), handle);
    }

    /** The text of the resumed tokens: what the car before showed, and any part of a character it held back. */
    private static String head(GenerationEngine engine, int[] resumed, String shown) {
        if (resumed.length == 0) {
            return "";
        }
        String whole = engine.decode(resumed);
        if (shown == null) {
            return whole;
        }
        return whole.length() > shown.length() && whole.startsWith(shown) ? whole : shown;
    }

    private static GenerationTask task(UnitInput input) {
        try {
            return JSON.readValue(input.text(), GenerationTask.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("input " + input.index() + " is not a generation task: "
                    + e.getOriginalMessage(), e);
        }
    }
}
