package io.terafleet.coordinator.batches;

import io.terafleet.coordinator.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Batches in the store, always read through their tenant. */
final class BatchRepository {
    private static final String COLUMNS = "id, tenant_id, endpoint, input_file_id, completion_window, model, job_id,"
            + " status, output_file_id, error_file_id, errors_json, metadata_json, total_requests, completed_requests,"
            + " failed_requests, created_at, expires_at, finalizing_at, completed_at, failed_at, expired_at,"
            + " cancelling_at, cancelled_at, api_key";

    private final Database database;

    BatchRepository(Database database) {
        this.database = database;
    }

    void insert(BatchRow b) {
        database.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO batches (id, tenant_id, endpoint, input_file_id,"
                    + " completion_window, model, job_id, status, errors_json, metadata_json, total_requests,"
                    + " completed_requests, failed_requests, created_at, expires_at, in_progress_at, failed_at, api_key)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, b.id());
                insert.setString(2, b.tenantId());
                insert.setString(3, b.endpoint());
                insert.setString(4, b.inputFileId());
                insert.setString(5, b.completionWindow());
                insert.setString(6, b.model());
                insert.setString(7, b.jobId());
                insert.setString(8, b.status().name());
                insert.setString(9, b.errorsJson());
                insert.setString(10, b.metadataJson());
                insert.setInt(11, b.total());
                insert.setInt(12, b.completed());
                insert.setInt(13, b.failed());
                insert.setLong(14, b.createdAt());
                insert.setLong(15, b.expiresAt());
                setNullable(insert, 16, b.status() == BatchStatus.IN_PROGRESS ? b.createdAt() : null);
                setNullable(insert, 17, b.status() == BatchStatus.FAILED ? b.createdAt() : null);
                if (b.apiKey() == null) {
                    insert.setNull(18, java.sql.Types.VARCHAR);
                } else {
                    insert.setString(18, b.apiKey());
                }
                return insert.executeUpdate();
            }
        });
    }

    Optional<BatchRow> find(String tenantId, String id) {
        return database.inTransaction(c -> find(c, tenantId, id, ""));
    }

    /** The tenant's batches, newest first, after the batch {@code after} (exclusive) when given. */
    List<BatchRow> list(String tenantId, String after, int limit) {
        return database.inTransaction(c -> {
            String where = "tenant_id = ?";
            Optional<BatchRow> cursor = after == null ? Optional.empty() : find(c, tenantId, after, "");
            if (cursor.isPresent()) {
                where += " AND (created_at < ? OR (created_at = ? AND id < ?))";
            }
            try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM batches WHERE " + where
                    + " ORDER BY created_at DESC, id DESC")) {
                query.setString(1, tenantId);
                if (cursor.isPresent()) {
                    query.setLong(2, cursor.get().createdAt());
                    query.setLong(3, cursor.get().createdAt());
                    query.setString(4, cursor.get().id());
                }
                query.setMaxRows(limit);
                try (ResultSet rows = query.executeQuery()) {
                    List<BatchRow> batches = new ArrayList<>();
                    while (rows.next()) {
                        batches.add(row(rows));
                    }
                    return batches;
                }
            }
        });
    }

    /** Batches whose input file is still to be validated. */
    List<BatchRow> validating() {
        return inStatus(BatchStatus.VALIDATING);
    }

    /** Batches running now. */
    List<BatchRow> running() {
        List<BatchRow> rows = new ArrayList<>(inStatus(BatchStatus.IN_PROGRESS));
        rows.addAll(inStatus(BatchStatus.CANCELLING));
        return rows;
    }

    private List<BatchRow> inStatus(BatchStatus status) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM batches WHERE status = ?")) {
                query.setString(1, status.name());
                try (ResultSet rows = query.executeQuery()) {
                    List<BatchRow> batches = new ArrayList<>();
                    while (rows.next()) {
                        batches.add(row(rows));
                    }
                    return batches;
                }
            }
        });
    }

    /** VALIDATING to IN_PROGRESS with its job; false when the batch left VALIDATING meanwhile (cancelled). */
    boolean startJob(String id, String model, String jobId, int total, long now) {
        return database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE batches SET status = ?, model = ?, job_id = ?,"
                    + " total_requests = ?, in_progress_at = ? WHERE id = ? AND status = ?")) {
                update.setString(1, BatchStatus.IN_PROGRESS.name());
                update.setString(2, model);
                update.setString(3, jobId);
                update.setInt(4, total);
                update.setLong(5, now);
                update.setString(6, id);
                update.setString(7, BatchStatus.VALIDATING.name());
                return update.executeUpdate() == 1;
            }
        });
    }

    /** VALIDATING to FAILED with the validation errors. */
    boolean failValidation(String id, String model, String errorsJson, long now) {
        return database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE batches SET status = ?, model = ?, errors_json = ?,"
                    + " failed_at = ? WHERE id = ? AND status = ?")) {
                update.setString(1, BatchStatus.FAILED.name());
                update.setString(2, model);
                update.setString(3, errorsJson);
                update.setLong(4, now);
                update.setString(5, id);
                update.setString(6, BatchStatus.VALIDATING.name());
                return update.executeUpdate() == 1;
            }
        });
    }

    /** A batch cancelled before it started: no job, nothing to write. */
    boolean cancelValidating(String id, long now) {
        return database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE batches SET status = ?, cancelling_at = ?,"
                    + " cancelled_at = ? WHERE id = ? AND status = ?")) {
                update.setString(1, BatchStatus.CANCELLED.name());
                update.setLong(2, now);
                update.setLong(3, now);
                update.setString(4, id);
                update.setString(5, BatchStatus.VALIDATING.name());
                return update.executeUpdate() == 1;
            }
        });
    }

    void markCancelling(String id, long now) {
        database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE batches SET cancelling_at = ? WHERE id = ? AND cancelling_at IS NULL")) {
                update.setLong(1, now);
                update.setString(2, id);
                return update.executeUpdate();
            }
        });
    }

    /**
     * Ends the batch: stores its output files and final counts, if it has not ended meanwhile (another
     * coordinator finalising the same batch); the row lock makes exactly one of them write.
     *
     * @return whether this call ended it
     */
    boolean finish(BatchRow row, BatchStatus status, int completed, int failed, long finalizingAt, long endedAt,
                   BatchOutput.Files files) {
        return database.inTransaction(c -> {
            Optional<BatchRow> locked = find(c, row.tenantId(), row.id(), " FOR UPDATE");
            if (locked.isEmpty() || locked.get().status().isTerminal()) {
                return false;
            }
            BatchStatus.TRANSITIONS.require(locked.get().status(), status);
            if (files.output() != null) {
                FileStore.insert(c, files.output(), files.outputChunks());
            }
            if (files.errors() != null) {
                FileStore.insert(c, files.errors(), files.errorChunks());
            }
            String endColumn = switch (status) {
                case COMPLETED -> "completed_at";
                case FAILED -> "failed_at";
                case EXPIRED -> "expired_at";
                default -> "cancelled_at";
            };
            try (PreparedStatement update = c.prepareStatement("UPDATE batches SET status = ?, output_file_id = ?,"
                    + " error_file_id = ?, completed_requests = ?, failed_requests = ?, finalizing_at = ?, " + endColumn
                    + " = ? WHERE id = ? AND status = ?")) {
                update.setString(1, status.name());
                update.setString(2, files.output() == null ? null : files.output().id());
                update.setString(3, files.errors() == null ? null : files.errors().id());
                update.setInt(4, completed);
                update.setInt(5, failed);
                update.setLong(6, finalizingAt);
                update.setLong(7, endedAt);
                update.setString(8, row.id());
                update.setString(9, locked.get().status().name());
                return update.executeUpdate() == 1;
            }
        });
    }

    private static Optional<BatchRow> find(Connection c, String tenantId, String id, String lock) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS
                + " FROM batches WHERE id = ? AND tenant_id = ?" + lock)) {
            query.setString(1, id);
            query.setString(2, tenantId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(row(rows)) : Optional.empty();
            }
        }
    }

    private static BatchRow row(ResultSet r) throws SQLException {
        Long ended = firstNonNull(r, 19, 20, 21, 23);
        return new BatchRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), BatchStatus.valueOf(r.getString(8)), r.getString(9), r.getString(10),
                r.getString(11), r.getString(12), r.getInt(13), r.getInt(14), r.getInt(15), r.getLong(16),
                r.getLong(17), nullableLong(r, 18), ended, nullableLong(r, 22), r.getString(24));
    }

    private static Long firstNonNull(ResultSet r, int... columns) throws SQLException {
        for (int column : columns) {
            Long value = nullableLong(r, column);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static Long nullableLong(ResultSet r, int column) throws SQLException {
        long value = r.getLong(column);
        return r.wasNull() ? null : value;
    }

    private static void setNullable(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }
}
