package io.terafleet.coordinator.leasing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Where the checks of a job's held generation answers stand, as its customer sees them in the batch's progress.
 *
 * @param awaitingCheck         answers held for a scoring check (first or second) by a trusted car
 * @param awaitingReplicaCheck  answers whose check passed its deadline, waiting for a replica on a car of another owner
 * @param deliveredUnverified   answers delivered without any check, because no car could check them in time
 * @param disputed              answers two trusted checkers disagreed on (delivered; nobody struck)
 */
public record CheckProgress(int awaitingCheck, int awaitingReplicaCheck, int deliveredUnverified, int disputed) {
    public static final CheckProgress NONE = new CheckProgress(0, 0, 0, 0);

    /** The job's check progress, read in its own transaction. */
    public static CheckProgress of(io.terafleet.coordinator.db.Database database, String jobId) {
        return database.inTransaction(c -> read(c, jobId));
    }

    /** Answered as a map for the batch object (counts per state of the answers' checks). */
    public java.util.Map<String, Integer> asMap() {
        var view = new java.util.LinkedHashMap<String, Integer>();
        view.put("awaiting_check", awaitingCheck);
        view.put("awaiting_replica_check", awaitingReplicaCheck);
        view.put("delivered_unverified", deliveredUnverified);
        view.put("disputed", disputed);
        return view;
    }

    static CheckProgress read(Connection c, String jobId) throws SQLException {
        return new CheckProgress(
                count(c, "SELECT COALESCE(SUM(input_count), 0) FROM units WHERE job_id = ? AND replica IN (-1, -2)"
                        + " AND state IN ('QUEUED', 'LEASED')", jobId),
                count(c, "SELECT COALESCE(SUM(input_count), 0) FROM units WHERE job_id = ? AND replica = -3"
                        + " AND state IN ('QUEUED', 'LEASED')", jobId),
                count(c, "SELECT COUNT(*) FROM replica_results WHERE job_id = ? AND verdict = '"
                        + CheckDeadlines.UNVERIFIED + "'", jobId),
                count(c, "SELECT COUNT(*) FROM generation_check_refutations WHERE job_id = ? AND upheld = FALSE",
                        jobId));
    }

    private static int count(Connection c, String sql, String jobId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, jobId);
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
