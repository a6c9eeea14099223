package io.terafleet.coordinator.jobs;

import io.terafleet.core.job.JobState;
import io.terafleet.core.unit.UnitState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Job-level steps that run inside a caller's transaction (job store and leasing share them).
 *
 * <p>Lock order, which every store follows so that concurrent transactions cannot deadlock on it:
 * unit rows first, then the job row.
 */
public final class JobRows {
    /** {@code 'QUEUED', 'LEASED'}: the unit states that are not final, read from the core table. */
    public static final String OPEN_UNIT_STATES = Arrays.stream(UnitState.values())
            .filter(state -> !state.isTerminal())
            .map(state -> "'" + state.name() + "'")
            .collect(Collectors.joining(", "));

    /** The error of an input found without an outcome when its job ends; never expected. */
    public static final String NO_OUTCOME_ERROR = "internal error: no outcome was recorded for this input";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobRows.class);

    private JobRows() {
    }

    public static Optional<JobState> state(Connection c, String jobId) throws SQLException {
        return readState(c, jobId, "SELECT state FROM jobs WHERE id = ?");
    }

    /**
     * Moves a job along {@link JobState#TRANSITIONS} with a guarded UPDATE; a final state also sets
     * {@code finished_at}.
     *
     * @return false if the job was not in {@code from} (someone else moved it first)
     * @throws io.terafleet.core.lifecycle.IllegalTransitionException if the table forbids the move
     */
    public static boolean move(Connection c, String jobId, JobState from, JobState to, Instant now)
            throws SQLException {
        JobState.TRANSITIONS.require(from, to);
        String finished = to.isTerminal() ? ", finished_at = ?" : "";
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE jobs SET state = ?, updated_at = ?" + finished + " WHERE id = ? AND state = ?")) {
            int p = 1;
            update.setString(p++, to.name());
            update.setLong(p++, now.toEpochMilli());
            if (to.isTerminal()) {
                update.setLong(p++, now.toEpochMilli());
            }
            update.setString(p++, jobId);
            update.setString(p, from.name());
            boolean moved = update.executeUpdate() == 1;
            if (moved) {
                JobState.TRANSITIONS.recordVisit(from, to);
            }
            return moved;
        }
    }

    /**
     * Ends an in-progress job once none of its units can change any more: IN_PROGRESS to FINALIZING, where
     * the job is checked (every input has exactly one outcome; an input without one, which would be a bug, gets
     * an explicit error rather than being lost), then FINALIZING to COMPLETED, or to FAILED when no input
     * produced a result. The job row is locked first: two transactions finishing the job's last two units would
     * otherwise each still see the other's unit open and neither would end the job.
     *
     * <p>While the job still has a QUEUED unit it cannot end, and that is one index probe with no lock: so only
     * the completions of a job's last units (its tail) lock the job row. A QUEUED unit that a concurrent
     * transaction takes to a final state in one step (a late completion, a retired replica) can leave the job
     * with no open unit unnoticed; {@link JobRepository#finishStranded} ends such jobs.
     *
     * @return true if the job ended now
     */
    public static boolean finishIfAllUnitsFinal(Connection c, String jobId, Instant now) throws SQLException {
        if (hasQueuedUnit(c, jobId)) {
            return false;
        }
        Optional<JobState> state = readState(c, jobId, "SELECT state FROM jobs WHERE id = ? FOR UPDATE");
        if (state.isEmpty() || state.get() != JobState.IN_PROGRESS || countOpenUnits(c, jobId) > 0) {
            return false;
        }
        move(c, jobId, JobState.IN_PROGRESS, JobState.FINALIZING, now);
        int missing = failInputsWithoutResult(c, jobId, 0, Integer.MAX_VALUE, NO_OUTCOME_ERROR, now);
        if (missing > 0) {
            LOG.error("job {} reached finalizing with {} input(s) without an outcome; they get an error", jobId,
                    missing);
        }
        JobState outcome = JobProgress.read(c, jobId).completed() > 0 ? JobState.COMPLETED : JobState.FAILED;
        return move(c, jobId, JobState.FINALIZING, outcome, now);
    }

    /** Ids of in-progress jobs none of whose units is open (ended by {@link #finishIfAllUnitsFinal}). */
    public static java.util.List<String> strandedJobIds(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT j.id FROM jobs j WHERE j.state = ? AND NOT EXISTS"
                + " (SELECT 1 FROM units u WHERE u.job_id = j.id AND u.state IN (" + OPEN_UNIT_STATES + "))"
                + " ORDER BY j.id")) {
            query.setString(1, JobState.IN_PROGRESS.name());
            try (ResultSet rows = query.executeQuery()) {
                java.util.List<String> ids = new java.util.ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
                return ids;
            }
        }
    }

    private static boolean hasQueuedUnit(Connection c, String jobId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT 1 FROM units WHERE job_id = ? AND state = ? FETCH FIRST 1 ROWS ONLY")) {
            query.setString(1, jobId);
            query.setString(2, UnitState.QUEUED.name());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Marks the first lease of a job (its queue time ends); later calls change nothing. */
    public static void markStarted(Connection c, String jobId, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE jobs SET started_at = ? WHERE id = ? AND started_at IS NULL")) {
            update.setLong(1, now.toEpochMilli());
            update.setString(2, jobId);
            update.executeUpdate();
        }
    }

    /**
     * Gives every input in {@code [fromIndex, toIndex)} that has no result yet the error
     * {@code error}. Callers hold the locks of the units covering the range, so no embedding can be
     * written for these inputs concurrently.
     *
     * @return how many inputs got the error
     */
    public static int failInputsWithoutResult(Connection c, String jobId, int fromIndex, int toIndex, String error,
                                              Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO results (job_id, input_index, error, created_at)
                SELECT i.job_id, i.input_index, ?, ? FROM inputs i
                WHERE i.job_id = ? AND i.input_index >= ? AND i.input_index < ?
                  AND NOT EXISTS (SELECT 1 FROM results r WHERE r.job_id = i.job_id AND r.input_index = i.input_index)
                """)) {
            insert.setString(1, error);
            insert.setLong(2, now.toEpochMilli());
            insert.setString(3, jobId);
            insert.setInt(4, fromIndex);
            insert.setInt(5, toIndex);
            int failed = insert.executeUpdate();
            JobProgress.add(c, jobId, 0, failed);
            return failed;
        }
    }

    private static int countOpenUnits(Connection c, String jobId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT COUNT(*) FROM units WHERE job_id = ? AND state IN (" + OPEN_UNIT_STATES + ")")) {
            query.setString(1, jobId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static Optional<JobState> readState(Connection c, String jobId, String sql) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, jobId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(JobState.valueOf(rows.getString(1))) : Optional.empty();
            }
        }
    }
}
