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
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GenerationService.class);
    private final OnlineRouter router;
    private final TokenStreams streams;
    private final SpotCheckVerdicts verdicts;
    private final io.terafleet.core.verification.GenerationComparator comparator =
            io.terafleet.core.verification.GenerationComparator.defaults();

    /**
     * A finished answer: everything the customer is billed and shown.
     *
     * @param carId      the car that generated the whole answer, or null when several shared it
     * @param finishedBy the car that generated the answer's end (the only one when {@code cars} is 1)
     */
    public record Answer(int[] tokens, float[] logprobs, List<String> pieces, String text, String finishReason,
                         int promptTokens, int cars, long computeNanos, String carId, String finishedBy) {
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
        this(router, streams, (car, honest) -> { });
    }

    /** @param verdicts where a spot check's verdict on a car goes (the trust book), beside this router's memory */
    public GenerationService(OnlineRouter router, TokenStreams streams, SpotCheckVerdicts verdicts) {
        this.router = router;
        this.streams = streams;
        this.verdicts = verdicts;
    }

    /** A spot check's conclusion about one car: its answer held ({@code honest}) or it was caught. */
    @FunctionalInterface
    public interface SpotCheckVerdicts {
        void judged(String carId, boolean honest);
    }

    public TokenStreams streams() {
        return streams;
    }

    public Outcome generate(String model, GenerationTask task, AnswerSoFar.Listener listener) throws InterruptedException {
        return generate(model, task, listener, java.util.Set.of());
    }

    /**
     * Generates, then, for a drawn share of answers, has another car re-score the answer's tokens: an answer whose
     * log-probabilities that car does not reproduce was made up, and its car is caught (no more online requests).
     * An answer not yet streamed to the customer is then generated again on other cars.
     */
    public Outcome generateChecked(String model, GenerationTask task, AnswerSoFar.Listener listener, boolean streamed)
            throws InterruptedException {
        java.util.Set<String> excluded = new java.util.HashSet<>();
        for (int round = 0; round < 3; round++) {
            Outcome outcome = generate(model, task, listener, excluded);
            if (!(outcome instanceof Done done) || done.answer().carId() == null || !router.spotChecks().drawCheck()
                    || router.readyCars(model) < 2) {
                return outcome; // a check needs another car ready now; none is kept waiting for one
            }
            if (streamed) { // the customer has the answer already: check it without holding the stream's end
                Thread.ofVirtual().start(() -> {
                    try {
                        spotCheck(model, task, done.answer());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                return outcome;
            }
            if (spotCheck(model, task, done.answer()) != SpotCheck.CAUGHT) {
                return outcome;
            }
            excluded.add(done.answer().carId());
        }
        return generate(model, task, listener, excluded);
    }

    /** What a spot check found. */
    public enum SpotCheck { PASSED, CAUGHT, NOT_CHECKED }

    /**
     * Re-scores the answer's tokens on another car and compares the log-probabilities its car reported. When they
     * differ, a third car decides which of the two lied (the answering car, or the scorer); with no third car
     * the check is inconclusive and nobody is caught.
     */
    SpotCheck spotCheck(String model, GenerationTask task, Answer answer) throws InterruptedException {
        if (answer.tokens().length == 0) {
            return SpotCheck.NOT_CHECKED;
        }
        Scored first = score(model, task, answer, java.util.Set.of(answer.carId()));
        if (first == null) {
            return SpotCheck.NOT_CHECKED; // no other car now: the answer stands unchecked
        }
        if (comparator.rescored(answer.logprobs(), first.logprobs()).agree()) {
            record(answer.carId(), true);
            return SpotCheck.PASSED;
        }
        Scored second = score(model, task, answer, java.util.Set.of(answer.carId(), first.carId()));
        if (second == null) {
            return SpotCheck.NOT_CHECKED;
        }
        boolean answerHolds = comparator.rescored(answer.logprobs(), second.logprobs()).agree();
        boolean scorersAgree = comparator.rescored(first.logprobs(), second.logprobs()).agree();
        String liar = answerHolds ? first.carId() : scorersAgree ? answer.carId() : null;
        if (liar == null) {
            return SpotCheck.NOT_CHECKED;
        }
        LOG.warn("car {} caught by a spot check ({} and {} scored the answer of {})", liar, first.carId(),
                second.carId(), answer.carId());
        router.spotChecks().caught(liar);
        record(liar, false);
        return liar.equals(answer.carId()) ? SpotCheck.CAUGHT : SpotCheck.PASSED;
    }

    /** The trust book hears every conclusive check; a store failure there must not fail the customer's answer. */
    private void record(String carId, boolean honest) {
        try {
            verdicts.judged(carId, honest);
        } catch (RuntimeException e) {
            LOG.warn("spot check verdict on car {} not recorded: {}", carId, e.toString());
        }
    }

    private record Scored(String carId, float[] logprobs) {
    }

    private Scored score(String model, GenerationTask task, Answer answer, java.util.Set<String> excluded)
            throws InterruptedException {
        RouteOutcome scored = router.route(model,
                requestId -> OnlineTask.score(requestId, model, task.resumedAfter(answer.tokens(), null)), excluded);
        if (scored instanceof RouteOutcome.Answered by && by.result().generation() != null
                && by.result().generation().logprobs() != null) {
            return new Scored(by.carId(), by.result().generation().logprobs());
        }
        return null;
    }

    private Outcome generate(String model, GenerationTask task, AnswerSoFar.Listener listener,
                             java.util.Set<String> excluded) throws InterruptedException {
        AnswerSoFar answer = new AnswerSoFar(listener);
        List<String> attempts = new ArrayList<>();
        RouteOutcome outcome;
        try {
            outcome = router.route(model, requestId -> {
                attempts.forEach(streams::close); // a car the router gave up on streams into nothing now
                attempts.add(requestId);
                streams.open(requestId, model, answer);
                return OnlineTask.generate(requestId, model, task.resumedAfter(answer.tokens(), answer.text()));
            }, excluded);
        } finally {
            attempts.forEach(streams::close);
        }
        if (outcome instanceof RouteOutcome.Answered answered && answered.result().generation() != null) {
            OnlineResult result = answered.result();
            GenerationOutput output = result.generation();
            return new Done(new Answer(answer.tokens(), answer.logprobs(), answer.pieces(), answer.text(),
                    output.finishReason(), promptTokens(output, result), answered.attempts(),
                    result.computeNanos() == null ? 0 : result.computeNanos(),
                    answered.attempts() == 1 ? answered.carId() : null, answered.carId()));
        }
        return new NotDone(new Failed(outcome, answer.size()));
    }

    private static int promptTokens(GenerationOutput output, OnlineResult result) {
        return result.promptTokens() != null ? result.promptTokens() : output.promptTokens();
    }
}
