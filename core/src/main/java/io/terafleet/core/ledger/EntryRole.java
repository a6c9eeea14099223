package io.terafleet.core.ledger;

/** Why an entry moves money; statements and usage reports add entries up by role. */
public enum EntryRole {
    /** A customer charged for delivered results (negative; a reversal makes it positive). */
    CHARGE,
    /** An owner's share of the price, for one verified result. */
    REVENUE_SHARE,
    /** An owner reimbursed the energy one verified result cost, at the owner's tariff. */
    ENERGY,
    /** The platform's cut. */
    FEE,
    /** The platform paying for the energy reimbursed (negative). */
    ENERGY_FUNDING,
    /** A quarantined car's unpaid credit taken back (negative on the owner, positive on suspense). */
    VOID,
    /** A customer's payment coming in. */
    PAYMENT,
    /** Money paid out to an owner. */
    PAYOUT
}
