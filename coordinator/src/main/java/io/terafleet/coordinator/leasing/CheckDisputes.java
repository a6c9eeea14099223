package io.terafleet.coordinator.leasing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Held answers one trusted checker refuted (table {@code generation_check_refutations}): a second trusted car, of an
 * owner other than the answer's and the first checker's, decides. Its refutation upholds the first (the answer's car
 * is struck); its confirmation is a disagreement between checkers, kept here, and nobody is struck on one word.
 */
final class CheckDisputes {
    private CheckDisputes() {
    }

    static void record(Connection c, String jobId, int index, String leaseId, String checker, String checkerOwner,
                       int wrongAt, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO generation_check_refutations (job_id,"
                + " input_index, lease_id, refuted_by, refuter_owner, wrong_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, jobId);
            insert.setInt(2, index);
            insert.setString(3, leaseId);
            insert.setString(4, checker);
            insert.setString(5, checkerOwner);
            insert.setInt(6, wrongAt);
            insert.setLong(7, now.toEpochMilli());
            insert.executeUpdate();
        }
    }

    /** The second checker's word: {@code upheld} when it refuted the answer too. */
    static void decide(Connection c, String jobId, int index, String leaseId, String secondChecker, boolean upheld,
                       Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE generation_check_refutations SET second_checker = ?,"
                + " upheld = ?, decided_at = ? WHERE job_id = ? AND input_index = ? AND lease_id = ?")) {
            if (secondChecker == null) {
                update.setNull(1, java.sql.Types.VARCHAR);
            } else {
                update.setString(1, secondChecker);
            }
            update.setBoolean(2, upheld);
            update.setLong(3, now.toEpochMilli());
            update.setString(4, jobId);
            update.setInt(5, index);
            update.setString(6, leaseId);
            update.executeUpdate();
        }
    }

    /** Whether a trusted car of an owner other than the answer's and the first checker's exists to decide. */
    static boolean secondCheckerExists(Connection c, String answerOwner, String checkerOwner) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM car_trust t LEFT JOIN cars k ON k.id = t.car_id"
                + " WHERE t.state = 'TRUSTED' AND COALESCE(k.owner_id, t.car_id) NOT IN (?, ?) LIMIT 1")) {
            q.setString(1, answerOwner);
            q.setString(2, checkerOwner);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Whether a car of {@code owner} refuted one of the unit's inputs' held answers: it may not check them again. */
    static boolean refutedByOwner(Connection c, UnitRow unit, String owner) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM generation_check_refutations WHERE job_id = ?"
                + " AND refuter_owner = ? AND input_index >= ? AND input_index < ? LIMIT 1")) {
            q.setString(1, unit.jobId());
            q.setString(2, owner);
            q.setInt(3, unit.firstInput());
            q.setInt(4, unit.endInput());
            try (ResultSet rows = q.executeQuery()) {
                return rows.next();
            }
        }
    }
}
