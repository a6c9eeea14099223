package io.terafleet.core.job;

import io.terafleet.core.lifecycle.TransitionTable;
import java.util.Locale;

/**
 * Lifecycle of a job, named as the OpenAI Batch API names a batch's states.
 *
 * <pre>
 * VALIDATING ──inputs stored──▶ IN_PROGRESS ──every unit final──▶ FINALIZING ──▶ COMPLETED
 *     │  └──rejected──▶ FAILED       │   └──completion window ends──▶ EXPIRED      └──▶ FAILED (no input succeeded)
 *     └──────────cancel──────────────┴──▶ CANCELLED
 * </pre>
 * A job whose units all ended with some inputs failed still COMPLETES: its failed inputs are listed in its error
 * stream, beside its results. FAILED means no input produced a result (or the input was rejected as a whole);
 * EXPIRED means the completion window ended first: inputs done by then keep their results, the rest get an error.
 */
public enum JobState {
    VALIDATING,
    IN_PROGRESS,
    FINALIZING,
    COMPLETED,
    FAILED,
    CANCELLED,
    EXPIRED;

    public static final TransitionTable<JobState> TRANSITIONS = TransitionTable.of(JobState.class)
            .from(VALIDATING, IN_PROGRESS, FAILED, CANCELLED)
            .from(IN_PROGRESS, FINALIZING, CANCELLED, EXPIRED)
            .from(FINALIZING, COMPLETED, FAILED)
            .build();

    public boolean isTerminal() {
        return TRANSITIONS.isTerminal(this);
    }

    /** Whether units of a job in this state may be leased. */
    public boolean acceptsWork() {
        return this == IN_PROGRESS;
    }

    public boolean canMoveTo(JobState next) {
        return TRANSITIONS.allows(this, next);
    }

    public JobState moveTo(JobState next) {
        return TRANSITIONS.require(this, next);
    }

    /** The wire name: {@code in_progress}, {@code completed}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
