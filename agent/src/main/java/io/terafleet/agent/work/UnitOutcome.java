package io.terafleet.agent.work;

/** How the car's work on one unit ended: values, since none of these is an error for the car. */
public enum UnitOutcome {
    /** every input computed and the coordinator has the results */
    COMPLETED,
    /** the car became ineligible mid-unit and handed the unit back with its partial results */
    RELEASED,
    /** the lease was lost (expired or taken over); the work was dropped */
    LEASE_LOST
}
