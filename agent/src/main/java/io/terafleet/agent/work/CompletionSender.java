package io.terafleet.agent.work;

import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.agent.state.CompletionSpool;
import io.terafleet.core.api.CompleteBatchRequest;
import io.terafleet.core.api.CompleteBatchResponse;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeasedUnit;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends finished units' completions together, in one {@code POST /v1/agent/complete-batch} (each still signed on its
 * own), optionally asking for the next lease in the same call. The guarantees of a single completion hold for each:
 * it is on disk (the {@link CompletionSpool}) before it is sent and deleted only once answered, and a failed call is
 * retried until the last of its leases has certainly expired. A coordinator without the batch route (an older one)
 * gets one {@code complete} call per unit instead.
 */
final class CompletionSender {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionSender.class);
    /** What one call may carry (the coordinator's limit). */
    static final int MAX_PER_CALL = 64;

    /** A finished unit: the lease it was computed under and its signed completion, already spooled if there is a spool. */
    record Finished(LeasedUnit unit, CompleteRequest request) {
    }

    /**
     * What the coordinator answered: per completion, in order, its outcome (one of {@link CompleteResponse}'s or
     * {@link CompleteBatchResponse}'s), and the units of the next lease (empty when none was asked for or none came).
     */
    record Answer(List<String> outcomes, List<LeasedUnit> next) {
    }

    /** Whether a completion so answered counts as the car's completed unit (accepted now, or stored before). */
    static boolean counts(String outcome) {
        return CompleteResponse.ACCEPTED.equals(outcome) || CompleteResponse.DUPLICATE.equals(outcome);
    }

    private final CoordinatorClient client;
    private final Retrier retrier;
    private final Clock clock;
    private final CompletionSpool spool;
    /** Set once the coordinator answered that it has no batch route: one call per unit from then on. */
    private volatile boolean singleOnly;

    CompletionSender(CoordinatorClient client, Retrier retrier, Clock clock, CompletionSpool spool) {
        this.client = client;
        this.retrier = retrier;
        this.clock = clock;
        this.spool = spool;
    }

    /**
     * Sends the completions (at most {@link #MAX_PER_CALL}) and, with {@code next}, asks for the next lease in the
     * same call. Retries until the last lease's expiry plus {@link UnitRunner#COMPLETION_GRACE}; each answered
     * completion leaves the spool.
     *
     * @throws CoordinatorException when the call failed for good; the completions stay spooled (a restarted agent
     *                              sends them), except after a 400, which no resend could change
     */
    Answer send(List<Finished> finished, LeaseRequest next) {
        if (finished.size() > MAX_PER_CALL) {
            throw new IllegalArgumentException("at most " + MAX_PER_CALL + " completions per call, was "
                    + finished.size());
        }
        Instant giveUpAt = clock.instant();
        for (Finished f : finished) {
            Instant expires = f.unit().expiresAt() == null ? clock.instant() : f.unit().expiresAt();
            giveUpAt = later(giveUpAt, later(expires, clock.instant()).plus(UnitRunner.COMPLETION_GRACE));
        }
        List<CompleteRequest> requests = finished.stream().map(Finished::request).toList();
        List<String> unitIds = finished.stream().map(f -> f.unit().unitId()).toList();
        Answer answer;
        try {
            answer = call(requests, next, giveUpAt);
        } catch (CoordinatorException e) {
            if (e.status() == 400) {
                unitIds.forEach(this::forget); // the call itself is malformed: sending it again cannot help
            }
            throw e;
        }
        unitIds.forEach(this::forget); // answered (accepted, duplicate, lost, refused): sending again cannot help
        return answer;
    }

    /**
     * Sends what a stopped or crashed run of this car spooled, in calls of at most {@link #MAX_PER_CALL}, each tried
     * as {@link Retrier#call} does; an answered completion leaves the spool, one refused for its signature too (it was
     * signed with a key this car no longer holds and can never count).
     *
     * @return per answered completion, its spool entry and outcome
     * @throws CoordinatorException when the coordinator refuses the car's credential (401 or 403)
     */
    List<Resent> resend(List<CompletionSpool.Entry> entries) {
        List<Resent> answered = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += MAX_PER_CALL) {
            List<CompletionSpool.Entry> chunk = entries.subList(from, Math.min(entries.size(), from + MAX_PER_CALL));
            List<CompleteRequest> requests = chunk.stream().map(CompletionSpool.Entry::request).toList();
            try {
                Answer answer = retrier.call("resend " + chunk.size() + " completion(s)",
                        () -> callOnce(requests, null));
                for (int i = 0; i < chunk.size(); i++) {
                    forget(chunk.get(i).unitId());
                    answered.add(new Resent(chunk.get(i), answer.outcomes().get(i)));
                }
            } catch (CoordinatorException e) {
                if (e.status() == 401 || (e.status() == 403 && !e.signatureRefused())) {
                    throw e;
                }
                LOG.warn("{} spooled completion(s) not sent, kept for later: {}", chunk.size(), e.getMessage());
            }
        }
        return answered;
    }

    /** A spooled completion that the coordinator answered, and its outcome. */
    record Resent(CompletionSpool.Entry entry, String outcome) {
    }

    private Answer call(List<CompleteRequest> requests, LeaseRequest next, Instant giveUpAt) {
        return retrier.callUntil("complete " + requests.size() + " unit(s)", () -> callOnce(requests, next), clock,
                giveUpAt);
    }

    private Answer callOnce(List<CompleteRequest> requests, LeaseRequest next) {
        if (!singleOnly) {
            try {
                CompleteBatchResponse response = client.completeAll(new CompleteBatchRequest(requests, next));
                List<String> outcomes = response.outcomes().stream().map(CompleteBatchResponse.Outcome::outcome)
                        .toList();
                if (outcomes.size() != requests.size()) {
                    throw new CoordinatorException("complete-batch answered " + outcomes.size() + " outcomes for "
                            + requests.size() + " completions", 200, false, null);
                }
                return new Answer(outcomes, response.next() == null ? List.of() : response.next().units());
            } catch (CoordinatorException e) {
                if (e.status() != 404 && e.status() != 405) {
                    throw e;
                }
                LOG.info("the coordinator has no complete-batch route; completing one unit per call");
                singleOnly = true;
            }
        }
        return new Answer(one(requests), List.of());
    }

    /**
     * One {@code complete} call per completion, as an older coordinator takes them. A refused signature or malformed
     * results are that completion's outcome, as the batch route answers them; any other failure ends the call.
     */
    private List<String> one(List<CompleteRequest> requests) {
        List<String> outcomes = new ArrayList<>(requests.size());
        for (CompleteRequest request : requests) {
            try {
                outcomes.add(client.complete(request).outcome());
            } catch (CoordinatorException e) {
                if (e.signatureRefused()) {
                    outcomes.add(CompleteBatchResponse.BAD_SIGNATURE);
                } else if (e.status() == 400) {
                    outcomes.add(CompleteBatchResponse.INVALID);
                } else {
                    throw e; // completion is idempotent: a retry of the whole list stores each once
                }
            }
        }
        return outcomes;
    }

    private void forget(String unitId) {
        if (spool != null) {
            spool.delete(unitId);
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
