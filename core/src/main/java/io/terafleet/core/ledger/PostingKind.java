package io.terafleet.core.ledger;

/** What a posting records. Postings are never edited: a correction is a posting of its own. */
public enum PostingKind {
    /** A verified unit: the customer charged, owners credited, the platform's fee and energy expense. */
    SETTLEMENT,
    /** Undoes an earlier posting exactly: every entry negated. */
    REVERSAL,
    /** A quarantined car's unpaid credit moved to suspense. */
    VOID,
    CUSTOMER_PAYMENT,
    OWNER_PAYOUT
}
