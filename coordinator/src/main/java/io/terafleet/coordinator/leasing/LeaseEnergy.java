package io.terafleet.coordinator.leasing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The energy a car reported for a lease, shared out over the inputs of the lease being paid for. */
final class LeaseEnergy {
    private LeaseEnergy() {
    }

    /** All the milliwatt-hours the car reported for the lease. */
    static long milliWh(Connection c, String leaseId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT energy_wh FROM leases WHERE id = ?")) {
            q.setString(1, leaseId);
            try (ResultSet rows = q.executeQuery()) {
                double wh = rows.next() ? rows.getDouble(1) : 0;
                return wh > 0 && Double.isFinite(wh) ? Math.round(wh * 1000) : 0;
            }
        }
    }

    /** {@link #milliWh} for several leases: one statement. */
    static java.util.Map<String, Long> milliWhAll(Connection c, java.util.List<String> leaseIds) throws SQLException {
        java.util.Map<String, Long> energy = new java.util.HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT id, energy_wh FROM leases WHERE id IN ("
                + io.terafleet.coordinator.db.Sql.placeholders(leaseIds.size()) + ") AND energy_wh IS NOT NULL")) {
            io.terafleet.coordinator.db.Sql.bindAll(q, 1, leaseIds);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    double wh = rows.getDouble(2);
                    energy.put(rows.getString(1), wh > 0 && Double.isFinite(wh) ? Math.round(wh * 1000) : 0);
                }
            }
        }
        return energy;
    }

    /** Milliwatt-hours for {@code inputs} of the lease's replicas (its reported energy × their share). */
    static long milliWhFor(Connection c, String leaseId, int inputs) throws SQLException {
        double wh;
        try (PreparedStatement q = c.prepareStatement("SELECT energy_wh FROM leases WHERE id = ?")) {
            q.setString(1, leaseId);
            try (ResultSet rows = q.executeQuery()) {
                wh = rows.next() ? rows.getDouble(1) : 0;
            }
        }
        long total;
        try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM replica_results WHERE lease_id = ?")) {
            q.setString(1, leaseId);
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                total = rows.getLong(1);
            }
        }
        if (!(wh > 0) || !Double.isFinite(wh) || total == 0) {
            return 0;
        }
        return Math.round(wh * 1000 * Math.min(1.0, (double) inputs / total));
    }
}
