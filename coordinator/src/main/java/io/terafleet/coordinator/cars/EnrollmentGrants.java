package io.terafleet.coordinator.cars;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Enrollment grants: an operator-issued token, optionally for one owner, limited in uses and time. A car enrolled
 * with a grant for an owner is that owner's, whatever the car says; a car naming another owner is refused. A token
 * without an owner (the operator's own fleet tokens from the coordinator's configuration) enrolls cars that are
 * their own owners, or the owner they name.
 */
final class EnrollmentGrants {
    /** A claimed grant: the owner it binds cars to, or null. */
    record Grant(String ownerId) {
        /** The owner of a car enrolled with this grant, naming {@code declared} (may be null). */
        String ownerOf(String declared) {
            if (ownerId == null) {
                return declared;
            }
            if (declared != null && !declared.equals(ownerId)) {
                throw new IllegalArgumentException("ownerId: this enrollment grant is for another owner; a car's"
                        + " owner comes from its grant");
            }
            return ownerId;
        }
    }

    private EnrollmentGrants() {
    }

    static void create(Connection c, String tokenHash, String ownerId, Integer maxUses, Instant expiresAt,
                       Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO enrollment_tokens (token_hash, created_at,"
                + " owner_id, max_uses, expires_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, tokenHash);
            insert.setLong(2, now.toEpochMilli());
            insert.setString(3, ownerId);
            insert.setObject(4, maxUses);
            insert.setObject(5, expiresAt == null ? null : expiresAt.toEpochMilli());
            insert.executeUpdate();
        }
    }

    /** Uses the grant once, under its row lock; empty when unknown, revoked, expired or used up. */
    static Optional<Grant> claim(Connection c, String tokenHash, Instant now) throws SQLException {
        String owner;
        try (PreparedStatement q = c.prepareStatement("SELECT owner_id, max_uses, uses, expires_at FROM"
                + " enrollment_tokens WHERE token_hash = ? AND revoked_at IS NULL FOR UPDATE")) {
            q.setString(1, tokenHash);
            try (ResultSet rows = q.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                owner = rows.getString(1);
                int maxUses = rows.getInt(2);
                boolean limited = !rows.wasNull();
                int uses = rows.getInt(3);
                long expiresAt = rows.getLong(4);
                boolean expires = !rows.wasNull();
                if ((limited && uses >= maxUses) || (expires && now.toEpochMilli() >= expiresAt)) {
                    return Optional.empty();
                }
            }
        }
        try (PreparedStatement use = c.prepareStatement(
                "UPDATE enrollment_tokens SET uses = uses + 1 WHERE token_hash = ?")) {
            use.setString(1, tokenHash);
            use.executeUpdate();
        }
        return Optional.of(new Grant(owner));
    }
}
