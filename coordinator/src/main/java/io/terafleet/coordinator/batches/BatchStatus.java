package io.terafleet.coordinator.batches;

import io.terafleet.core.lifecycle.TransitionTable;
import java.util.Locale;

/**
 * The OpenAI Batch API's lifecycle. A batch runs as one Terafleet job and, while it runs, shows its job's state
 * (main's {@code JobState} carries the same names); the batch row itself moves only when it is created and
 * when its output files are written, along this table.
 */
public enum BatchStatus {
    VALIDATING,
    IN_PROGRESS,
    FINALIZING,
    COMPLETED,
    FAILED,
    EXPIRED,
    CANCELLING,
    CANCELLED;

    public static final TransitionTable<BatchStatus> TRANSITIONS = TransitionTable.of(BatchStatus.class)
            .from(VALIDATING, IN_PROGRESS, FAILED, CANCELLED)
            .from(IN_PROGRESS, FINALIZING, CANCELLING, COMPLETED, FAILED, EXPIRED, CANCELLED)
            .from(FINALIZING, COMPLETED, FAILED, EXPIRED, CANCELLED)
            .from(CANCELLING, CANCELLED, COMPLETED, FAILED, EXPIRED)
            .build();

    public boolean isTerminal() {
        return TRANSITIONS.isTerminal(this);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The batch status a job's wire state stands for. */
    public static BatchStatus ofJobState(String jobState) {
        return valueOf(jobState.toUpperCase(Locale.ROOT));
    }
}
