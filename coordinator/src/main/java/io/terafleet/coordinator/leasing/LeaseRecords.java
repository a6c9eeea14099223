package io.terafleet.coordinator.leasing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code leases} table: every lease ever granted, so that a call naming an old lease can still
 * be matched to its unit and car.
 */
final class LeaseRecords {
    static final int MAX_REASON_LENGTH = 200;

    record LeaseRecord(String id, String unitId, String carId) {
    }

    private LeaseRecords() {
    }

    static void insert(Connection c, String leaseId, String unitId, String carId, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO leases (id, unit_id, car_id, granted_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, leaseId);
            insert.setString(2, unitId);
            insert.setString(3, carId);
            insert.setLong(4, now.toEpochMilli());
            insert.executeUpdate();
        }
    }

    static Optional<LeaseRecord> find(Connection c, String leaseId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT unit_id, car_id FROM leases WHERE id = ?")) {
            query.setString(1, leaseId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next()
                        ? Optional.of(new LeaseRecord(leaseId, rows.getString(1), rows.getString(2)))
                        : Optional.empty();
            }
        }
    }

    /** The records of those of {@code leaseIds} that exist, by lease id: one statement. */
    static java.util.Map<String, LeaseRecord> findAll(Connection c, java.util.Collection<String> leaseIds)
            throws SQLException {
        java.util.Map<String, LeaseRecord> found = new java.util.HashMap<>();
        if (leaseIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement query = c.prepareStatement("SELECT id, unit_id, car_id FROM leases WHERE id IN ("
                + io.terafleet.coordinator.db.Sql.placeholders(leaseIds.size()) + ")")) {
            io.terafleet.coordinator.db.Sql.bindAll(query, 1, leaseIds);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.put(rows.getString(1), new LeaseRecord(rows.getString(1), rows.getString(2),
                            rows.getString(3)));
                }
            }
        }
        return found;
    }

    /** New leases of one car, {@code leaseIds.get(i)} for {@code unitIds.get(i)}: one JDBC batch. */
    static void insertAll(Connection c, java.util.List<String> leaseIds, java.util.List<String> unitIds, String carId,
                          Instant now) throws SQLException {
        if (leaseIds.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO leases (id, unit_id, car_id, granted_at) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < leaseIds.size(); i++) {
                insert.setString(1, leaseIds.get(i));
                insert.setString(2, unitIds.get(i));
                insert.setString(3, carId);
                insert.setLong(4, now.toEpochMilli());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** {@link #end} for several leases with one reason: one JDBC batch. */
    static void endAll(Connection c, java.util.List<String> leaseIds, String reason, Instant now) throws SQLException {
        if (leaseIds.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE leases SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL")) {
            for (String leaseId : leaseIds) {
                update.setLong(1, now.toEpochMilli());
                update.setString(2, reason);
                update.setString(3, leaseId);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Notes why a lease ended (completed, released: reason, expired); the first ending sticks. */
    static void end(Connection c, String leaseId, String reason, Instant now) throws SQLException {
        String shortReason = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE leases SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL")) {
            update.setLong(1, now.toEpochMilli());
            update.setString(2, shortReason);
            update.setString(3, leaseId);
            update.executeUpdate();
        }
    }

    /** {@link #end} and {@link #recordEnergy} in one statement (the completion's path). */
    static void end(Connection c, String leaseId, String reason, Double energyWh, Instant now) throws SQLException {
        if (energyWh == null) {
            end(c, leaseId, reason, now);
            return;
        }
        String shortReason = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
        try (PreparedStatement update = c.prepareStatement("UPDATE leases SET ended_at = CASE WHEN ended_at IS NULL"
                + " THEN ? ELSE ended_at END, end_reason = CASE WHEN ended_at IS NULL THEN ? ELSE end_reason END,"
                + " energy_wh = ? WHERE id = ?")) {
            update.setLong(1, now.toEpochMilli());
            update.setString(2, shortReason);
            update.setDouble(3, energyWh);
            update.setString(4, leaseId);
            update.executeUpdate();
        }
    }

    /** Keeps the energy a car reported for a lease it completed or released; null (an older agent) leaves none. */
    static void recordEnergy(Connection c, String leaseId, Double energyWh) throws SQLException {
        if (energyWh == null) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE leases SET energy_wh = ? WHERE id = ?")) {
            update.setDouble(1, energyWh);
            update.setString(2, leaseId);
            update.executeUpdate();
        }
    }
}
