package io.terafleet.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One outcome per completion of a {@link CompleteBatchRequest}, in its order, and, when the request asked for it,
 * the next lease ({@code next}; null when it did not ask).
 */
public record CompleteBatchResponse(List<Outcome> outcomes,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) LeaseResponse next) {

    public CompleteBatchResponse(List<Outcome> outcomes) {
        this(outcomes, null);
    }

    /**
     * {@code outcome}: one of {@link CompleteResponse}'s, or {@link #INVALID} (the results do not fit the unit:
     * nothing stored, {@code detail} says why) or {@link #BAD_SIGNATURE} (not the car's signature of these results:
     * nothing stored, a strike for the car). {@code detail} is null when there is nothing to add.
     */
    public record Outcome(String leaseId, String outcome, String detail) {
        public static Outcome of(String leaseId, String outcome) {
            return new Outcome(leaseId, outcome, null);
        }
    }

    /** Results that cannot belong to the unit (what the single completion answers with a 400). */
    public static final String INVALID = "invalid";
    /** A missing or forged signature of a car that has a key (what the single completion answers with a 403). */
    public static final String BAD_SIGNATURE = "bad_signature";
}
