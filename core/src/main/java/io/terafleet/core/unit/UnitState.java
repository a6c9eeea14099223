package io.terafleet.core.unit;

import io.terafleet.core.lifecycle.TransitionTable;

/**
 * Lifecycle of a work unit: a slice of one job's inputs that one car computes at a time.
 *
 * <pre>
 * QUEUED ──lease──▶ LEASED ──complete──▶ COMPLETED
 *   ▲                 │
 *   └─release/expire──┘   (attempts counted; too many ─▶ FAILED)
 * QUEUED | LEASED ──cancel──▶ CANCELLED
 * </pre>
 */
public enum UnitState {
    QUEUED,
    LEASED,
    COMPLETED,
    FAILED,
    CANCELLED;

    public static final TransitionTable<UnitState> TRANSITIONS = TransitionTable.of(UnitState.class)
            .from(QUEUED, LEASED, CANCELLED)
            .from(LEASED, QUEUED, COMPLETED, FAILED, CANCELLED)
            .build();

    public boolean isTerminal() {
        return TRANSITIONS.isTerminal(this);
    }

    public UnitState moveTo(UnitState next) {
        return TRANSITIONS.require(this, next);
    }
}
