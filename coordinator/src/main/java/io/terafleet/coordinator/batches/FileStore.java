package io.terafleet.coordinator.batches;

import io.terafleet.coordinator.db.Database;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Files in the store, content in chunks of {@value #CHUNK_BYTES} bytes so that no row is huge and reading
 * streams. Every read names the tenant: a file of another tenant is as absent as one that never existed.
 */
public final class FileStore {
    static final int CHUNK_BYTES = 512 * 1024;
    private static final String COLUMNS = "id, tenant_id, purpose, filename, bytes, created_at";

    private final Database database;

    public FileStore(Database database) {
        this.database = database;
    }

    public static String newId() {
        return "file-" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Stores the stream as a new file in one transaction; reads at most {@code maxBytes}. */
    public StoredFile create(String tenantId, String purpose, String filename, InputStream content, long maxBytes,
                             long now) throws IOException {
        List<byte[]> chunks = readChunks(content, maxBytes);
        long size = chunks.stream().mapToLong(c -> c.length).sum();
        var file = new StoredFile(newId(), tenantId, purpose, filename, size, now);
        database.inTransaction(c -> {
            insert(c, file, chunks);
            return null;
        });
        return file;
    }

    /** Inside a caller's transaction (a batch's output files are stored with the batch's final state). */
    static void insert(Connection c, StoredFile file, List<byte[]> chunks) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO files (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, file.id());
            insert.setString(2, file.tenantId());
            insert.setString(3, file.purpose());
            insert.setString(4, file.filename());
            insert.setLong(5, file.bytes());
            insert.setLong(6, file.createdAt());
            insert.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO file_chunks (file_id, seq, data) VALUES (?, ?, ?)")) {
            for (int i = 0; i < chunks.size(); i++) {
                insert.setString(1, file.id());
                insert.setInt(2, i);
                insert.setBytes(3, chunks.get(i));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    public Optional<StoredFile> find(String tenantId, String id) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM files WHERE id = ? AND tenant_id = ?")) {
                query.setString(1, id);
                query.setString(2, tenantId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(file(rows)) : Optional.<StoredFile>empty();
                }
            }
        });
    }

    /** The tenant's files, newest first. */
    public List<StoredFile> list(String tenantId, int limit) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM files WHERE tenant_id = ? ORDER BY created_at DESC, id DESC")) {
                query.setString(1, tenantId);
                query.setMaxRows(limit);
                try (ResultSet rows = query.executeQuery()) {
                    List<StoredFile> files = new ArrayList<>();
                    while (rows.next()) {
                        files.add(file(rows));
                    }
                    return files;
                }
            }
        });
    }

    /** Deletes the tenant's file and its content; false when it had none by that id. */
    public boolean delete(String tenantId, String id) {
        return database.inTransaction(c -> {
            try (PreparedStatement owned = c.prepareStatement("SELECT 1 FROM files WHERE id = ? AND tenant_id = ?")) {
                owned.setString(1, id);
                owned.setString(2, tenantId);
                try (ResultSet rows = owned.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement chunks = c.prepareStatement("DELETE FROM file_chunks WHERE file_id = ?")) {
                chunks.setString(1, id);
                chunks.executeUpdate();
            }
            try (PreparedStatement file = c.prepareStatement("DELETE FROM files WHERE id = ? AND tenant_id = ?")) {
                file.setString(1, id);
                file.setString(2, tenantId);
                return file.executeUpdate() == 1;
            }
        });
    }

    /** Streams the content, one chunk per transaction, so no connection is held while the client reads. */
    public void copyContent(String fileId, OutputStream out) throws IOException {
        for (int seq = 0; ; seq++) {
            int current = seq;
            byte[] chunk = database.inTransaction(c -> {
                try (PreparedStatement query = c.prepareStatement("SELECT data FROM file_chunks WHERE file_id = ? AND seq = ?")) {
                    query.setString(1, fileId);
                    query.setInt(2, current);
                    try (ResultSet rows = query.executeQuery()) {
                        return rows.next() ? rows.getBytes(1) : null;
                    }
                }
            });
            if (chunk == null) {
                return;
            }
            out.write(chunk);
        }
    }

    public byte[] content(String fileId) throws IOException {
        var out = new ByteArrayOutputStream();
        copyContent(fileId, out);
        return out.toByteArray();
    }

    static List<byte[]> readChunks(InputStream in, long maxBytes) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        long total = 0;
        byte[] buffer = new byte[CHUNK_BYTES];
        int filled;
        while ((filled = in.readNBytes(buffer, 0, CHUNK_BYTES)) > 0) {
            total += filled;
            if (total > maxBytes) {
                throw new IllegalArgumentException("file: larger than the limit of " + maxBytes + " bytes");
            }
            chunks.add(Arrays.copyOf(buffer, filled));
        }
        return chunks;
    }

    private static StoredFile file(ResultSet rows) throws SQLException {
        return new StoredFile(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getLong(5), rows.getLong(6));
    }
}
