package io.terafleet.coordinator.leasing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What a unit's job says about checking its results, read inside the caller's transaction; {@code apiKey}: the
 * prefix of the key that submitted it, which its charges name (null: none).
 */
record JobVerification(String jobId, String tenant, String model, int replication, int maxReplicas, boolean adaptive,
                       boolean canary, boolean generation, String apiKey) {
    /** Results are accepted as they come: no replicas, no canary. */
    boolean acceptsAsIs() {
        return replication <= 1 && !canary;
    }

    /** A generation job of adaptive replication: a trusted car's solo units are checked by a scoring pass. */
    boolean adaptiveGeneration() {
        return generation && adaptive && !canary && replication > 1;
    }

    static JobVerification read(Connection c, String jobId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT tenant, model, replication, max_replicas, adaptive,"
                + " canary, tokens_per_input, api_key FROM jobs WHERE id = ?")) {
            q.setString(1, jobId);
            try (ResultSet rows = q.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("job " + jobId + " is gone");
                }
                return new JobVerification(jobId, rows.getString(1), rows.getString(2), rows.getInt(3),
                        rows.getInt(4), rows.getBoolean(5), rows.getBoolean(6), rows.getInt(7) > 0,
                        rows.getString(8));
            }
        }
    }
}
