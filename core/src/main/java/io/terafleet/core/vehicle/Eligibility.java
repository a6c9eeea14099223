package io.terafleet.core.vehicle;

/** Whether a car may compute right now: a value, never an exception. */
public sealed interface Eligibility {
    Eligible ELIGIBLE = new Eligible();

    boolean isEligible();

    record Eligible() implements Eligibility {
        @Override
        public boolean isEligible() {
            return true;
        }
    }

    /** @param reason a stable machine-readable code, e.g. {@code not_parked} */
    record NotEligible(String reason, String detail) implements Eligibility {
        @Override
        public boolean isEligible() {
            return false;
        }
    }
}
