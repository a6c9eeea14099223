package io.terafleet.core.ledger;

/** The result of settling a unit: a posting to store, or the reason there is nothing to post. */
public sealed interface SettlementOutcome {

    record Settled(Posting posting) implements SettlementOutcome {
    }

    /** Nothing is owed either way: nothing delivered, no verified result, or a model without a price. */
    record NotSettled(String reason) implements SettlementOutcome {
    }
}
