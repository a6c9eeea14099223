package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.jobs.JobRows;
import io.terafleet.core.unit.UnitState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deadlines of checks of held answers (table {@code generation_check_deadlines}), so that no answer waits without
 * bound for a car that may check it. A scoring check still queued at its deadline (no trusted car of another owner
 * took it) is replaced by a replica check: any car of an owner that answered none of the inputs generates them again
 * and the answers are compared as replicas are. A replica check still queued at its own deadline (no such car came
 * either) delivers the held answer marked unverified (its replica's verdict reads {@code UNVERIFIED}, which the
 * batch's progress counts), or fails an input whose answers already disagreed. A check leased at its deadline runs on.
 */
final class CheckDeadlines {
    static final String UNVERIFIED = "UNVERIFIED";
    static final int ROUND_SIZE = 100;

    private CheckDeadlines() {
    }

    static void set(Connection c, String unitId, String jobId, Instant due) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO generation_check_deadlines (unit_id, job_id,"
                + " due_at) VALUES (?, ?, ?)")) {
            insert.setString(1, unitId);
            insert.setString(2, jobId);
            insert.setLong(3, due.toEpochMilli());
            insert.executeUpdate();
        }
    }

    static void clear(Connection c, String unitId) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM generation_check_deadlines WHERE unit_id = ?")) {
            delete.setString(1, unitId);
            delete.executeUpdate();
        }
    }

    /** Check units past their deadline, earliest first (queued or not: {@link #fallBack} sorts them out). */
    static List<String> overdue(Connection c, Instant now) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT unit_id FROM generation_check_deadlines WHERE due_at <= ?"
                + " ORDER BY due_at, unit_id LIMIT ?")) {
            q.setLong(1, now.toEpochMilli());
            q.setInt(2, ROUND_SIZE);
            try (ResultSet rows = q.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
                return ids;
            }
        }
    }

    /**
     * Verifies an overdue check's answers another way, if the check is still queued.
     *
     * @return whether the check was replaced (false: it is leased, and runs on, or it is gone)
     */
    static boolean fallBack(Connection c, String unitId, Duration deadline, Instant now) throws SQLException {
        Optional<UnitRow> found = UnitRows.lock(c, unitId);
        if (found.isEmpty() || found.get().state().isTerminal()) {
            clear(c, unitId);
            return false;
        }
        UnitRow check = found.get();
        if (check.state() != UnitState.QUEUED) {
            return false;
        }
        cancel(c, check, "no car could check it before its deadline", now);
        clear(c, unitId);
        if (check.replica() == GenerationChecks.REPLICA_CHECK_LANE) {
            for (int index = check.firstInput(); index < check.endInput(); index++) {
                deliverUnverified(c, check, index, now);
            }
        } else {
            String id = check.id().endsWith("-rep") ? check.id() + "2" : check.id() + "-rep";
            HeldAnswers.queue(c, check, id, GenerationChecks.REPLICA_CHECK_LANE, check.firstInput(),
                    check.inputCount(), now);
            set(c, id, check.jobId(), now.plus(deadline));
        }
        JobRows.finishIfAllUnitsFinal(c, check.jobId(), now);
        return true;
    }

    /** The held answer, delivered marked unverified; an input whose answers disagree fails instead. */
    private static void deliverUnverified(Connection c, UnitRow check, int index, Instant now) throws SQLException {
        List<ReplicaRows.Row> open = ReplicaChecks.undecided(c, check.jobId(), index);
        if (open.size() == 1) {
            ReplicaRows.Row held = open.getFirst();
            ReplicaRows.judge(c, check.jobId(), index, held.leaseId(), UNVERIFIED);
            HeldAnswers.deliver(c, check.jobId(), index, held.answer(), now);
        } else if (open.size() > 1) {
            JobRows.failInputsWithoutResult(c, check.jobId(), index, index + 1, "its answers disagreed and no car of"
                    + " another owner came to decide before the check's deadline", now);
        }
    }

    /** QUEUED to CANCELLED, keeping why. */
    private static void cancel(Connection c, UnitRow unit, String why, Instant now) throws SQLException {
        UnitState to = unit.state().moveTo(UnitState.CANCELLED);
        try (PreparedStatement update = c.prepareStatement("UPDATE units SET state = ?, last_error = ?,"
                + " updated_at = ? WHERE id = ? AND state = ?")) {
            update.setString(1, to.name());
            update.setString(2, why);
            update.setLong(3, now.toEpochMilli());
            update.setString(4, unit.id());
            update.setString(5, unit.state().name());
            if (update.executeUpdate() == 1) {
                UnitState.TRANSITIONS.recordVisit(unit.state(), to);
            }
        }
    }
}
