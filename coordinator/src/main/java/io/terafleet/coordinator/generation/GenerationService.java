package io.terafleet.coordinator.generation;

import io.terafleet.coordinator.online.OnlineRouter;
import io.terafleet.coordinator.online.RouteOutcome;
import io.terafleet.core.api.GenerationOutput;
import io.terafleet.core.api.GenerationTask;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates one answer on the fleet through the {@link OnlineRouter}: the car streams its tokens here while it
 * decodes; when it fails or is preempted the router asks the next car, which is handed the tokens so far and
 * resumes after them (sampling depends only on the seed and the position, so it continues exactly). The
 * customer's stream is fed from the one {@link AnswerSoFar}, so it shows every position once.
 */
public final class GenerationService {
    private final OnlineRouter router;
    private final TokenStreams streams;

    /** A finished answer: everything the customer is billed and shown. */
    public record Answer(int[] tokens, float[] logprobs, List<String> pieces, String text, String finishReason,
                         int promptTokens, int cars, long computeNanos) {
    }

    /** Why no answer came: the outcome the router gave, and the tokens already streamed. */
    public record Failed(RouteOutcome outcome, int tokensStreamed) {
    }

    /** Expected outcomes as values: an answer, or why there is none. */
    public sealed interface Outcome permits Done, NotDone {
    }

    public record Done(Answer answer) implements Outcome {
    }

    public record NotDone(Failed failure) implements Outcome {
    }

    public GenerationService(OnlineRouter router, TokenStreams streams) {
        this.router = router;
        this.streams = streams;
    }

    public TokenStreams streams() {
        return streams;
    }

    public Outcome generate(String model, GenerationTask task, AnswerSoFar.Listener listener) throws InterruptedException {
        AnswerSoFar answer = new AnswerSoFar(listener);
        List<String> attempts = new ArrayList<>();
        RouteOutcome outcome;
        try {
            outcome = router.route(model, requestId -> {
                attempts.forEach(streams::close); // a car the router gave up on streams into nothing now
                attempts.add(requestId);
                streams.open(requestId, answer);
                return OnlineTask.generate(requestId, model, task.resumedAfter(answer.tokens(), answer.text()));
            });
        } finally {
            attempts.forEach(streams::close);
        }
        if (outcome instanceof RouteOutcome.Answered answered && answered.result().generation() != null) {
            OnlineResult result = answered.result();
            GenerationOutput output = result.generation();
            return new Done(new Answer(answer.tokens(), answer.logprobs(), answer.pieces(), answer.text(),
                    output.finishReason(), promptTokens(output, result), answered.attempts(),
                    result.computeNanos() == null ? 0 : result.computeNanos()));
        }
        return new NotDone(new Failed(outcome, answer.size()));
    }

    private static int promptTokens(GenerationOutput output, OnlineResult result) {
        return result.promptTokens() != null ? result.promptTokens() : output.promptTokens();
    }
}
