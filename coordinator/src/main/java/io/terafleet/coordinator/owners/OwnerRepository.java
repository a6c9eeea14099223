package io.terafleet.coordinator.owners;

import io.terafleet.coordinator.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Owner accounts and the SHA-256 of each one's key. */
public final class OwnerRepository {
    private static final String COLUMNS = "id, name, key_prefix, created_at, revoked_at";

    private final Database database;

    public OwnerRepository(Database database) {
        this.database = database;
    }

    /** @return false if an owner with this id exists already (nothing changes) */
    public boolean create(Owner owner, String keyHash) {
        return database.inTransaction(c -> {
            if (find(c, owner.id()).isPresent()) {
                return false;
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO owners (id, name, key_hash, key_prefix,"
                    + " created_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, owner.id());
                insert.setString(2, owner.name());
                insert.setString(3, keyHash);
                insert.setString(4, owner.keyPrefix());
                insert.setLong(5, owner.createdAt());
                insert.executeUpdate();
            }
            return true;
        });
    }

    public Optional<Owner> find(String id) {
        return database.inTransaction(c -> find(c, id));
    }

    public List<Owner> list() {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM owners ORDER BY created_at, id");
                 ResultSet rows = query.executeQuery()) {
                List<Owner> owners = new ArrayList<>();
                while (rows.next()) {
                    owners.add(owner(rows));
                }
                return owners;
            }
        });
    }

    /** The id of the owner whose key has this hash; empty when none (or revoked). */
    public Optional<String> ownerForKey(String keyHash) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT id FROM owners WHERE key_hash = ? AND revoked_at IS NULL")) {
                query.setString(1, keyHash);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Revokes the owner's key: its hash is replaced (never a SHA-256 hex digest, unique per owner) and the time
     * kept; the owner's enrollment grants are revoked with it. Returns the hash it had, for caches to forget; empty when no such owner or already revoked.
     */
    public Optional<String> revoke(String id, long now) {
        return database.inTransaction(c -> {
            String hash;
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT key_hash FROM owners WHERE id = ? AND revoked_at IS NULL")) {
                query.setString(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.<String>empty();
                    }
                    hash = rows.getString(1);
                }
            }
            try (PreparedStatement grants = c.prepareStatement("UPDATE enrollment_tokens SET revoked_at = ?"
                    + " WHERE owner_id = ? AND revoked_at IS NULL")) {
                // The owner's grants go with it: no car enrolls in a revoked owner's name.
                grants.setLong(1, now);
                grants.setString(2, id);
                grants.executeUpdate();
            }
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE owners SET key_hash = ?, revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                update.setString(1, "revoked:" + id);
                update.setLong(2, now);
                update.setString(3, id);
                return update.executeUpdate() == 1 ? Optional.of(hash) : Optional.<String>empty();
            }
        });
    }

    private static Optional<Owner> find(Connection c, String id) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM owners WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(owner(rows)) : Optional.empty();
            }
        }
    }

    private static Owner owner(ResultSet rows) throws SQLException {
        long revoked = rows.getLong(5);
        return new Owner(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4),
                rows.wasNull() ? null : revoked);
    }
}
