package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.EmbeddingCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code replica_results} table: every car's answer for every input of a replicated job. */
final class ReplicaRows {
    /**
     * One stored replica; {@code verdict} is null until the quorum has decided its input. An embedding's replica
     * has its {@code vector}, a generated answer's its {@code answer} (a stored answer's JSON).
     */
    record Row(int inputIndex, String leaseId, String carId, String ownerId, String hardwareClass, float[] vector,
               String verdict, String answer) {
    }

    static final String VALID = "VALID";
    static final String INVALID = "INVALID";

    private ReplicaRows() {
    }

    static void insert(Connection c, String jobId, int inputIndex, String leaseId, String carId, String ownerId,
                       String hardwareClass, float[] vector, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO replica_results (job_id, input_index,"
                + " lease_id, car_id, owner_id, hardware_class, embedding, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, jobId);
            insert.setInt(2, inputIndex);
            insert.setString(3, leaseId);
            insert.setString(4, carId);
            insert.setString(5, ownerId);
            insert.setString(6, hardwareClass);
            insert.setBytes(7, EmbeddingCodec.encode(vector));
            insert.setLong(8, now.toEpochMilli());
            insert.executeUpdate();
        }
    }

    /** A car's generated answer as one replica of an input. */
    static void insertAnswer(Connection c, String jobId, int inputIndex, String leaseId, String carId, String ownerId,
                             String hardwareClass, String answerJson, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO replica_results (job_id, input_index,"
                + " lease_id, car_id, owner_id, hardware_class, answer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, jobId);
            insert.setInt(2, inputIndex);
            insert.setString(3, leaseId);
            insert.setString(4, carId);
            insert.setString(5, ownerId);
            insert.setString(6, hardwareClass);
            insert.setString(7, answerJson);
            insert.setLong(8, now.toEpochMilli());
            insert.executeUpdate();
        }
    }

    /** The replicas of one input, oldest first (the order the quorum counts owners in). */
    static List<Row> forInput(Connection c, String jobId, int inputIndex) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT input_index, lease_id, car_id, owner_id, hardware_class,"
                + " embedding, verdict, answer FROM replica_results WHERE job_id = ? AND input_index = ?"
                + " ORDER BY created_at, lease_id")) {
            q.setString(1, jobId);
            q.setInt(2, inputIndex);
            try (ResultSet rows = q.executeQuery()) {
                List<Row> replicas = new ArrayList<>();
                while (rows.next()) {
                    replicas.add(new Row(rows.getInt(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getBytes(6) == null ? null : EmbeddingCodec.decode(rows.getBytes(6)),
                            rows.getString(7), rows.getString(8)));
                }
                return replicas;
            }
        }
    }

    static void judge(Connection c, String jobId, int inputIndex, String leaseId, String verdict) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE replica_results SET verdict = ?"
                + " WHERE job_id = ? AND input_index = ? AND lease_id = ?")) {
            update.setString(1, verdict);
            update.setString(2, jobId);
            update.setInt(3, inputIndex);
            update.setString(4, leaseId);
            update.executeUpdate();
        }
    }

    /**
     * Whether the owner already answered, or holds a lease on, any input of {@code unit} in another replica lane:
     * replicas of one input must come from different owners.
     */
    static boolean ownerAlreadyOn(Connection c, UnitRow unit, String ownerId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM replica_results WHERE job_id = ? AND owner_id = ?"
                + " AND input_index >= ? AND input_index < ? LIMIT 1")) {
            q.setString(1, unit.jobId());
            q.setString(2, ownerId);
            q.setInt(3, unit.firstInput());
            q.setInt(4, unit.endInput());
            try (ResultSet rows = q.executeQuery()) {
                if (rows.next()) {
                    return true;
                }
            }
        }
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM units u LEFT JOIN cars k ON k.id = u.car_id"
                + " WHERE u.job_id = ? AND u.state = 'LEASED' AND u.id <> ? AND COALESCE(k.owner_id, u.car_id) = ?"
                + " AND u.first_input < ? AND u.first_input + u.input_count > ? LIMIT 1")) {
            q.setString(1, unit.jobId());
            q.setString(2, unit.id());
            q.setString(3, ownerId);
            q.setInt(4, unit.endInput());
            q.setInt(5, unit.firstInput());
            try (ResultSet rows = q.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** The owner of a car ({@code cars.owner_id}, else the car itself) and its hardware class. */
    static String[] ownerAndHardware(Connection c, String carId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT COALESCE(owner_id, id), hardware_class FROM cars WHERE id = ?")) {
            q.setString(1, carId);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? new String[] {rows.getString(1), rows.getString(2)}
                        : new String[] {carId, "unknown"};
            }
        }
    }

    /** Whether some open unit (queued or leased) of the job still covers the input. */
    static boolean inputStillCovered(Connection c, String jobId, int inputIndex) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM units WHERE job_id = ? AND state IN"
                + " ('QUEUED', 'LEASED') AND first_input <= ? AND first_input + input_count > ? LIMIT 1")) {
            q.setString(1, jobId);
            q.setInt(2, inputIndex);
            q.setInt(3, inputIndex);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next();
            }
        }
    }
}
