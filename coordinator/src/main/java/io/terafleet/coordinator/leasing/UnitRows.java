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
            + " lease_id, car_id, job_created_at, releases, replica, solo";

    private UnitRows() {
    }

    /** Locks a unit, waiting for a concurrent transaction that holds it. */
    static Optional<UnitRow> lock(Connection c, String unitId) throws SQLException {
        return readOne(c, "SELECT " + COLUMNS + " FROM units WHERE id = ? FOR UPDATE", unitId);
    }

    /** Locks a unit if it is queued and no one else holds it. */
    static Optional<UnitRow> lockIfQueued(Connection c, String unitId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM units"
                + " WHERE id = ? AND state = ? FOR UPDATE SKIP LOCKED")) {
            query.setString(1, unitId);
            query.setString(2, UnitState.QUEUED.name());
            return readAll(query).stream().findFirst();
        }
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
                        rows.getString("lease_id"), rows.getString("car_id"), rows.getLong("job_created_at"),
                        rows.getInt("releases"), rows.getInt("replica"), rows.getBoolean("solo")));
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
            return visited(update.executeUpdate() == 1, unit.state(), to);
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

    /**
     * LEASED back to QUEUED, leasable again from {@code notBefore}. {@code attemptsRefunded} is 1 when the
     * lease ended cleanly (a release, which also counts in {@code releases}); {@code why} is kept as the unit's
     * last error.
     */
    static boolean requeue(Connection c, UnitRow unit, int attemptsRefunded, int releasesAdded, Instant notBefore,
                           String why, Instant now) throws SQLException {
        UnitState to = unit.state().moveTo(UnitState.QUEUED);
        try (PreparedStatement update = c.prepareStatement("UPDATE units SET state = ?, expires_at = NULL,"
                + " attempts = attempts - ?, releases = releases + ?, not_before = ?, last_error = ?, updated_at = ?"
                + " WHERE id = ? AND state = ?")) {
            update.setString(1, to.name());
            update.setInt(2, attemptsRefunded);
            update.setInt(3, releasesAdded);
            update.setLong(4, notBefore.toEpochMilli());
            update.setString(5, truncate(why));
            update.setLong(6, now.toEpochMilli());
            update.setString(7, unit.id());
            update.setString(8, unit.state().name());
            return visited(update.executeUpdate() == 1, unit.state(), to);
        }
    }

    /**
     * Cuts a QUEUED unit to its first {@code keep} inputs; the rest becomes a new QUEUED unit (id: job id, "-i",
     * first input) with the same history (attempts, releases), so that a unit is never retried more often for
     * having been cut.
     */
    static UnitRow split(Connection c, UnitRow unit, int keep, Instant now) throws SQLException {
        if (keep < 1 || keep >= unit.inputCount() || unit.state() != UnitState.QUEUED) {
            throw new IllegalArgumentException("keep: must be within 1.." + (unit.inputCount() - 1) + " of a queued"
                    + " unit, was " + keep + " of " + unit.describe());
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE units SET input_count = ?, updated_at = ? WHERE id = ? AND state = ?")) {
            update.setInt(1, keep);
            update.setLong(2, now.toEpochMilli());
            update.setString(3, unit.id());
            update.setString(4, UnitState.QUEUED.name());
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException(unit.describe() + " changed while locked");
            }
        }
        int restFirst = unit.firstInput() + keep;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO units (id, job_id, unit_index, model,"
                + " job_created_at, first_input, input_count, state, attempts, releases, updated_at, replica)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, unit.jobId() + "-i" + restFirst + (unit.replica() == 0 ? "" : "-r" + unit.replica()));
            insert.setString(2, unit.jobId());
            insert.setInt(3, unit.unitIndex());
            insert.setString(4, unit.model());
            insert.setLong(5, unit.jobCreatedAt());
            insert.setInt(6, restFirst);
            insert.setInt(7, unit.inputCount() - keep);
            insert.setString(8, UnitState.QUEUED.name());
            insert.setInt(9, unit.attempts());
            insert.setInt(10, unit.releases());
            insert.setLong(11, now.toEpochMilli());
            insert.setInt(12, unit.replica());
            insert.executeUpdate();
        }
        return unit.withInputCount(keep);
    }

    /** Marks whether a unit is computed by one trusted car alone (adaptive replication). */
    static UnitRow setSolo(Connection c, UnitRow unit, boolean solo) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE units SET solo = ? WHERE id = ?")) {
            update.setBoolean(1, solo);
            update.setString(2, unit.id());
            update.executeUpdate();
        }
        return unit.asSolo(solo);
    }

    /** QUEUED to CANCELLED: another replica lane already decided all of the unit's inputs. */
    static boolean retire(Connection c, UnitRow unit, Instant now) throws SQLException {
        UnitState to = unit.state().moveTo(UnitState.CANCELLED);
        try (PreparedStatement update = c.prepareStatement("UPDATE units SET state = ?, last_error = ?,"
                + " updated_at = ? WHERE id = ? AND state = ?")) {
            update.setString(1, to.name());
            update.setString(2, "every input was decided by other replicas");
            update.setLong(3, now.toEpochMilli());
            update.setString(4, unit.id());
            update.setString(5, unit.state().name());
            return visited(update.executeUpdate() == 1, unit.state(), to);
        }
    }

    /** LEASED to FAILED, keeping why. */
    static boolean fail(Connection c, UnitRow unit, String why, Instant now) throws SQLException {
        UnitState to = unit.state().moveTo(UnitState.FAILED);
        try (PreparedStatement update = c.prepareStatement("UPDATE units SET state = ?, expires_at = NULL,"
                + " last_error = ?, updated_at = ? WHERE id = ? AND state = ?")) {
            update.setString(1, to.name());
            update.setString(2, truncate(why));
            update.setLong(3, now.toEpochMilli());
            update.setString(4, unit.id());
            update.setString(5, unit.state().name());
            return visited(update.executeUpdate() == 1, unit.state(), to);
        }
    }

    private static boolean visited(boolean moved, UnitState from, UnitState to) {
        if (moved) {
            UnitState.TRANSITIONS.recordVisit(from, to);
        }
        return moved;
    }

    static String truncate(String why) {
        return why == null || why.length() <= 500 ? why : why.substring(0, 500);
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
            return visited(update.executeUpdate() == 1, unit.state(), to);
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
