package io.terafleet.core.job;

import io.terafleet.core.lifecycle.TransitionTable;

/**
 * Lifecycle of a batch job.
 *
 * <pre>
 * QUEUED ──first lease──▶ RUNNING ──all units terminal──▶ COMPLETED
 *   │                       │
 *   └───────cancel──────────┴──▶ CANCELLED
 * </pre>
 * A job whose units all ended but some inputs failed still COMPLETES; its status counts
 * the failed inputs and its results carry an explicit error for each of them.
 */
public enum JobState {
    QUEUED,
    RUNNING,
    COMPLETED,
    CANCELLED;

    public static final TransitionTable<JobState> TRANSITIONS = TransitionTable.of(JobState.class)
            .from(QUEUED, RUNNING, CANCELLED)
            .from(RUNNING, COMPLETED, CANCELLED)
            .build();

    public boolean isTerminal() {
        return TRANSITIONS.isTerminal(this);
    }

    public JobState moveTo(JobState next) {
        return TRANSITIONS.require(this, next);
    }
}
