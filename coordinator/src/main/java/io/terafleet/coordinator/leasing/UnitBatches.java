package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.Sql;
import io.terafleet.core.api.UnitInput;
import io.terafleet.core.unit.UnitState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Unit rows of several units at once, inside a caller's transaction: one statement (or one JDBC batch, one round
 * trip) for a whole lease or bulk completion instead of one per unit. Each guarded write reports per unit whether
 * it took effect, exactly as {@link UnitRows}' one-unit writes do.
 */
final class UnitBatches {
    private UnitBatches() {
    }

    /** Locks the units, in id order (so that two transactions never lock the same units in opposite orders). */
    static Map<String, UnitRow> lockAll(Connection c, Collection<String> unitIds) throws SQLException {
        Map<String, UnitRow> locked = new HashMap<>();
        if (unitIds.isEmpty()) {
            return locked;
        }
        Set<String> ordered = new TreeSet<>(unitIds);
        try (PreparedStatement query = c.prepareStatement("SELECT " + UnitRows.COLUMNS + " FROM units WHERE id IN ("
                + Sql.placeholders(ordered.size()) + ") ORDER BY id FOR UPDATE")) {
            Sql.bindAll(query, 1, ordered);
            for (UnitRow unit : UnitRows.readAll(query)) {
                locked.put(unit.id(), unit);
            }
        }
        return locked;
    }

    /**
     * QUEUED to LEASED, one lease id each ({@code leaseIds.get(i)} for {@code units.get(i)}), a fresh attempt each.
     *
     * @return per unit, whether it moved (false: it was no longer QUEUED)
     */
    static boolean[] markAllLeased(Connection c, List<UnitRow> units, List<String> leaseIds, String carId,
                                   Instant expiresAt, Instant now) throws SQLException {
        boolean[] moved = new boolean[units.size()];
        if (units.isEmpty()) {
            return moved;
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE units SET state = ?, lease_id = ?, car_id = ?,"
                + " expires_at = ?, attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = ?")) {
            for (int i = 0; i < units.size(); i++) {
                UnitRow unit = units.get(i);
                update.setString(1, unit.state().moveTo(UnitState.LEASED).name());
                update.setString(2, leaseIds.get(i));
                update.setString(3, carId);
                update.setLong(4, expiresAt.toEpochMilli());
                update.setLong(5, now.toEpochMilli());
                update.setString(6, unit.id());
                update.setString(7, unit.state().name());
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                moved[i] = counts[i] == 1 || counts[i] == java.sql.Statement.SUCCESS_NO_INFO;
                if (moved[i]) {
                    UnitState.TRANSITIONS.recordVisit(units.get(i).state(), UnitState.LEASED);
                }
            }
        }
        return moved;
    }

    /** LEASED to COMPLETED for units locked by the caller; returns how many moved. */
    static int completeAll(Connection c, List<UnitRow> units, Instant now) throws SQLException {
        if (units.isEmpty()) {
            return 0;
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE units SET state = ?, expires_at = NULL,"
                + " updated_at = ? WHERE id = ? AND state = ?")) {
            for (UnitRow unit : units) {
                update.setString(1, unit.state().moveTo(UnitState.COMPLETED).name());
                update.setLong(2, now.toEpochMilli());
                update.setString(3, unit.id());
                update.setString(4, unit.state().name());
                update.addBatch();
            }
            int moved = 0;
            int[] counts = update.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 1 || counts[i] == java.sql.Statement.SUCCESS_NO_INFO) {
                    UnitState.TRANSITIONS.recordVisit(units.get(i).state(), UnitState.COMPLETED);
                    moved++;
                }
            }
            return moved;
        }
    }

    /** Per unit id, the indexes of its inputs that already have an outcome: one statement for all the units. */
    static Map<String, Set<Integer>> indexesWithResult(Connection c, List<UnitRow> units) throws SQLException {
        Map<String, Set<Integer>> done = new HashMap<>();
        units.forEach(unit -> done.put(unit.id(), new HashSet<>()));
        if (units.isEmpty()) {
            return done;
        }
        try (PreparedStatement query = c.prepareStatement("SELECT job_id, input_index FROM results WHERE "
                + ranges(units.size()))) {
            bindRanges(query, units);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    UnitRow owner = holder(units, rows.getString(1), rows.getInt(2));
                    if (owner != null) {
                        done.get(owner.id()).add(rows.getInt(2));
                    }
                }
            }
        }
        return done;
    }

    /** Per unit id, its inputs without an outcome yet, in order: one statement for all the units. */
    static Map<String, List<UnitInput>> inputsWithoutResult(Connection c, List<UnitRow> units) throws SQLException {
        Map<String, List<UnitInput>> open = new HashMap<>();
        units.forEach(unit -> open.put(unit.id(), new ArrayList<>()));
        if (units.isEmpty()) {
            return open;
        }
        try (PreparedStatement query = c.prepareStatement("SELECT i.job_id, i.input_index, i.input_text FROM inputs i"
                + " WHERE (" + ranges(units.size()).replace("job_id", "i.job_id").replace("input_index", "i.input_index")
                + ") AND NOT EXISTS (SELECT 1 FROM results r WHERE r.job_id = i.job_id AND r.input_index ="
                + " i.input_index) ORDER BY i.job_id, i.input_index")) {
            bindRanges(query, units);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    UnitRow owner = holder(units, rows.getString(1), rows.getInt(2));
                    if (owner != null) {
                        open.get(owner.id()).add(new UnitInput(rows.getInt(2), rows.getString(3)));
                    }
                }
            }
        }
        return open;
    }

    private static String ranges(int count) {
        List<String> each = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            each.add("(job_id = ? AND input_index >= ? AND input_index < ?)");
        }
        return String.join(" OR ", each);
    }

    private static void bindRanges(PreparedStatement query, List<UnitRow> units) throws SQLException {
        int next = 1;
        for (UnitRow unit : units) {
            query.setString(next++, unit.jobId());
            query.setInt(next++, unit.firstInput());
            query.setInt(next++, unit.endInput());
        }
    }

    /** The unit (of a job, the units of one call do not overlap) that holds the input. */
    private static UnitRow holder(List<UnitRow> units, String jobId, int input) {
        for (UnitRow unit : units) {
            if (unit.jobId().equals(jobId) && unit.holds(input)) {
                return unit;
            }
        }
        return null;
    }
}
