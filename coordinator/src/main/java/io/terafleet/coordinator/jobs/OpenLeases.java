package io.terafleet.coordinator.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** Leases of a job that ended (cancelled or expired) end with it: no open lease row outlives its unit's work. */
final class OpenLeases {
    private OpenLeases() {
    }

    static int endForJob(Connection c, String jobId, Instant now) throws SQLException {
        try (PreparedStatement end = c.prepareStatement("UPDATE leases SET ended_at = ?, end_reason = ?"
                + " WHERE ended_at IS NULL AND unit_id IN (SELECT id FROM units WHERE job_id = ?)")) {
            end.setLong(1, now.toEpochMilli());
            end.setString(2, "job ended before the unit was done");
            end.setString(3, jobId);
            return end.executeUpdate();
        }
    }
}
