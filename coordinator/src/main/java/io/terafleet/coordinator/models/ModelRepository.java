package io.terafleet.coordinator.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.db.Database;
import io.terafleet.core.api.ModelDescriptor;
import io.terafleet.core.api.TensorSpec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Registered models' metadata; the files themselves are in {@link ModelBlobs}. */
final class ModelRepository {
    private static final String COLUMNS = "name, version, kind, sha256, size_bytes, tokenizer_sha256,"
            + " tokenizer_size_bytes, pooling, dimensions, max_tokens, inputs_json, outputs_json, created_at";
    private static final TypeReference<List<TensorSpec>> SPECS = new TypeReference<>() {
    };

    private final Database database;
    private final ObjectMapper json = new ObjectMapper();

    ModelRepository(Database database) {
        this.database = database;
    }

    /** @return false if a model with this name is registered already (nothing changes) */
    boolean insert(ModelDescriptor m) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT 1 FROM models WHERE name = ?")) {
                query.setString(1, m.name());
                try (ResultSet rows = query.executeQuery()) {
                    if (rows.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO models (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, m.name());
                insert.setString(2, m.version());
                insert.setString(3, m.kind());
                insert.setString(4, m.sha256());
                insert.setLong(5, m.sizeBytes());
                insert.setString(6, m.tokenizerSha256());
                insert.setLong(7, m.tokenizerSizeBytes());
                insert.setString(8, m.pooling());
                insert.setInt(9, m.dimensions());
                insert.setInt(10, m.maxTokens());
                insert.setString(11, write(m.inputs()));
                insert.setString(12, write(m.outputs()));
                insert.setLong(13, m.createdAt());
                insert.executeUpdate();
            }
            return true;
        });
    }

    Optional<ModelDescriptor> find(String name) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM models WHERE name = ?")) {
                query.setString(1, name);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(descriptor(rows)) : Optional.<ModelDescriptor>empty();
                }
            }
        });
    }

    List<ModelDescriptor> list() {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM models ORDER BY name");
                 ResultSet rows = query.executeQuery()) {
                List<ModelDescriptor> models = new ArrayList<>();
                while (rows.next()) {
                    models.add(descriptor(rows));
                }
                return models;
            }
        });
    }

    private ModelDescriptor descriptor(ResultSet r) throws SQLException {
        return new ModelDescriptor(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                r.getString(6), r.getLong(7), r.getString(8), r.getInt(9), r.getInt(10), false,
                read(r.getString(11)), read(r.getString(12)), r.getLong(13));
    }

    private String write(List<TensorSpec> specs) {
        try {
            return json.writeValueAsString(specs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tensor signature always serialises", e);
        }
    }

    private List<TensorSpec> read(String text) {
        try {
            return json.readValue(text, SPECS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("models row holds an unreadable signature: " + text, e);
        }
    }
}
