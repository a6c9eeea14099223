package io.terafleet.core.ledger;

/**
 * The kinds of account. Amounts on an account are signed from the account's side: positive is money
 * the platform owes it (or it holds), negative is money it owes.
 */
public enum AccountType {
    /** One per customer: charged for delivered results, credited by its payments. Negative = owes. */
    CUSTOMER,
    /** One per car owner: credited for verified work, debited by payouts and voids. Positive = unpaid credit. */
    OWNER,
    /** The platform's cut of each price. */
    PLATFORM_FEES,
    /** The platform's energy expense: it pays each owner the energy their verified work cost. */
    ENERGY_REIMBURSEMENT,
    /** Money crossing the ledger's edge: customers' payments in, owners' payouts out. */
    CLEARING,
    /** Credit voided from quarantined cars, held until an operator decides (refund customers, keep). */
    SUSPENSE;

    /** Accounts of this type are one per customer or owner; the others are the platform's own, one each. */
    public boolean perParty() {
        return this == CUSTOMER || this == OWNER;
    }
}
