package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.generation.StoredAnswer;
import io.terafleet.coordinator.jobs.JobProgress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The store's side of generated answers held for a check: the pending answer of an input, its delivery as the
 * input's result, the units that check or generate it again, and the verdicts for the cars that generated it.
 */
final class HeldAnswers {
    private HeldAnswers() {
    }

    /** The answer of an input waiting for its check (at most one at a time), or null. */
    static ReplicaRows.Row pending(Connection c, String jobId, int index) throws SQLException {
        for (ReplicaRows.Row row : ReplicaRows.forInput(c, jobId, index)) {
            if (row.verdict() == null && row.answer() != null) {
                return row;
            }
        }
        return null;
    }

    /** The answer becomes the input's result (it is delivered and charged with the batch's output). */
    static void deliver(Connection c, String jobId, int index, String answerJson, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO results (job_id, input_index, answer, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, jobId);
            insert.setInt(2, index);
            insert.setString(3, answerJson);
            insert.setLong(4, now.toEpochMilli());
            insert.executeUpdate();
        }
        JobProgress.add(c, jobId, 1, 0);
    }

    /** A new queued unit of the job, in {@code lane} (a check lane, or 0 for an input generated again). */
    static void queue(Connection c, UnitRow like, String id, int lane, int first, int count, Instant now)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO units (id, job_id, unit_index, model,"
                + " job_created_at, first_input, input_count, state, attempts, updated_at, replica)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, like.jobId());
            insert.setInt(3, like.unitIndex());
            insert.setString(4, like.model());
            insert.setLong(5, like.jobCreatedAt());
            insert.setInt(6, first);
            insert.setInt(7, count);
            insert.setLong(8, now.toEpochMilli());
            insert.setInt(9, lane);
            insert.executeUpdate();
        }
    }

    /** Every car that generated part of an answer that held: a valid verdict each. */
    static void allValid(StoredAnswer answer, String finisher, Map<String, List<Boolean>> verdicts) {
        if (answer.cars().isEmpty()) {
            verdicts.computeIfAbsent(finisher, k -> new ArrayList<>()).add(true);
        }
        answer.cars().forEach(part -> verdicts.computeIfAbsent(part.carId(), k -> new ArrayList<>()).add(true));
    }

    /**
     * The car that generated the first refuted token is struck; the cars before it in the answer generated tokens
     * that held, which counts for them. A car after it continued a wrong prefix honestly or not: no verdict.
     */
    static void blame(StoredAnswer answer, int wrongAt, String finisher, Map<String, List<Boolean>> verdicts) {
        String culprit = answer.carAt(wrongAt);
        culprit = culprit == null ? finisher : culprit;
        for (StoredAnswer.CarPart part : answer.cars()) {
            if (part.carId().equals(culprit)) {
                break;
            }
            verdicts.computeIfAbsent(part.carId(), k -> new ArrayList<>()).add(true);
        }
        verdicts.computeIfAbsent(culprit, k -> new ArrayList<>()).add(false);
    }
}
