package io.terafleet.coordinator.leasing;

import io.terafleet.core.api.UnitInput;
import io.terafleet.core.unit.UnitState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Unit rows inside a caller's transaction. Every state change is checked against
 * {@link UnitState#TRANSITIONS} and written as a guarded UPDATE ({@code WHERE id = ? AND state = ?}),
 * so a change made on a stale read affects nothing and reports false.
 */
final class UnitRows {
    static final String COLUMNS = "id, job_id, unit_index, model, first_input, input_count, state, attempts,"
            + " lease_id, car_id";

    private UnitRows() {
    }

    /** Locks a unit, waiting for a concurrent transaction that holds it. */
    static Optional<UnitRow> lock(Connection c, String unitId) throws SQLException {
        return readOne(c, "SELECT " + COLUMNS + " FROM units WHERE id = ? FOR UPDATE", unitId);
    }

    /** Locks a unit if it is leased, its lease ran out before {@code now}, and no one else holds it. */
    static Optional<UnitRow> lockIfExpired(Connection c, String unitId, Instant now) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM units"
                + " WHERE id = ? AND state = ? AND expires_at < ? FOR UPDATE SKIP LOCKED")) {
            query.setString(1, unitId);
            query.setString(2, UnitState.LEASED.name());
            query.setLong(3, now.toEpochMilli());
            return readAll(query).stream().findFirst();
        }
    }

    /** Reads all rows of {@code query} (whose select list is {@link #COLUMNS}). */
    static List<UnitRow> readAll(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            List<UnitRow> units = new ArrayList<>();
            while (rows.next()) {
                units.add(new UnitRow(rows.getString("id"), rows.getString("job_id"), rows.getInt("unit_index"),
                        rows.getString("model"), rows.getInt("first_input"), rows.getInt("input_count"),
                        UnitState.valueOf(rows.getString("state")), rows.getInt("attempts"),
                        rows.getString("lease_id"), rows.getString("car_id")));
            }
            return units;
        }
    }

    /** QUEUED to LEASED under a new lease; {@code attemptsAdded} is 1 for a fresh lease. */
    static boolean markLeased(Connection c, UnitRow unit, String leaseId, String carId, Instant expiresAt,
                              int attemptsAdded, Instant now) throws SQLException {
        UnitState to = unit.state().moveTo(UnitState.LEASED);
        try (PreparedStatement update = c.prepareStatement("UPDATE units SET state = ?, lease_id = ?, car_id = ?,"
                + " expires_at = ?, attempts = attempts + ?, updated_at = ? WHERE id = ? AND state = ?")) {
            update.setString(1, to.name());
            update.setString(2, leaseId);
            update.setString(3, carId);
            update.setLong(4, expiresAt.toEpochMilli());
            update.setInt(5, attemptsAdded);
            update.setLong(6, now.toEpochMilli());
            update.setString(7, unit.id());
            update.setString(8, unit.state().name());
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Moves the expiry of a live lease (LEASED, held by {@code carId}, not yet expired at {@code now});
     * not a state change.
     */
    static boolean extendLease(Connection c, String leaseId, String carId, Instant expiresAt, Instant now)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE units SET expires_at = ?, updated_at = ?"
                + " WHERE lease_id = ? AND car_id = ? AND state = ? AND expires_at >= ?")) {
            update.setLong(1, expiresAt.toEpochMilli());
            update.setLong(2, now.toEpochMilli());
            update.setString(3, leaseId);
            update.setString(4, carId);
            update.setString(5, UnitState.LEASED.name());
            update.setLong(6, now.toEpochMilli());
            return update.executeUpdate() == 1;
        }
    }

    /** LEASED back to QUEUED; {@code attemptsRefunded} is 1 when the lease ended cleanly (a release). */
    static boolean requeue(Connection c, UnitRow unit, int attemptsRefunded, Instant now) throws SQLException {
        UnitState to = unit.state().moveTo(UnitState.QUEUED);
        try (PreparedStatement update = c.prepareStatement("UPDATE units SET state = ?, expires_at = NULL,"
                + " attempts = attempts - ?, updated_at = ? WHERE id = ? AND state = ?")) {
            update.setString(1, to.name());
            update.setInt(2, attemptsRefunded);
            update.setLong(3, now.toEpochMilli());
            update.setString(4, unit.id());
            update.setString(5, unit.state().name());
            return update.executeUpdate() == 1;
        }
    }

    /** LEASED to a final state (COMPLETED or FAILED). */
    static boolean finish(Connection c, UnitRow unit, UnitState finalState, Instant now) throws SQLException {
        UnitState to = unit.state().moveTo(finalState);
        try (PreparedStatement update = c.prepareStatement("UPDATE units SET state = ?, expires_at = NULL,"
                + " updated_at = ? WHERE id = ? AND state = ?")) {
            update.setString(1, to.name());
            update.setLong(2, now.toEpochMilli());
            update.setString(3, unit.id());
            update.setString(4, unit.state().name());
            return update.executeUpdate() == 1;
        }
    }

    /** The unit's inputs that have neither an embedding nor an error yet, in order. */
    static List<UnitInput> inputsWithoutResult(Connection c, UnitRow unit) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT i.input_index, i.input_text FROM inputs i
                WHERE i.job_id = ? AND i.input_index >= ? AND i.input_index < ?
                  AND NOT EXISTS (SELECT 1 FROM results r WHERE r.job_id = i.job_id AND r.input_index = i.input_index)
                ORDER BY i.input_index""")) {
            bindRange(query, unit);
            try (ResultSet rows = query.executeQuery()) {
                List<UnitInput> inputs = new ArrayList<>();
                while (rows.next()) {
                    inputs.add(new UnitInput(rows.getInt(1), rows.getString(2)));
                }
                return inputs;
            }
        }
    }

    /** Indexes of the unit's inputs that already have an outcome. */
    static Set<Integer> indexesWithResult(Connection c, UnitRow unit) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT input_index FROM results"
                + " WHERE job_id = ? AND input_index >= ? AND input_index < ?")) {
            bindRange(query, unit);
            try (ResultSet rows = query.executeQuery()) {
                Set<Integer> done = new HashSet<>();
                while (rows.next()) {
                    done.add(rows.getInt(1));
                }
                return done;
            }
        }
    }

    private static void bindRange(PreparedStatement query, UnitRow unit) throws SQLException {
        query.setString(1, unit.jobId());
        query.setInt(2, unit.firstInput());
        query.setInt(3, unit.endInput());
    }

    private static Optional<UnitRow> readOne(Connection c, String sql, String unitId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, unitId);
            return readAll(query).stream().findFirst();
        }
    }
}
