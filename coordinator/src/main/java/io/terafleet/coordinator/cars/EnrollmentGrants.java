package io.terafleet.coordinator.cars;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Enrollment grants: an operator-issued token, optionally for one owner, limited in uses and time. A car's owner
 * comes from its token, never from what the car says: a car enrolled with a grant is that grant's owner's (a car
 * naming another owner is refused); a car enrolled with a token without an owner (the operator's own fleet tokens:
 * configured, or issued without an owner) is its own owner under the id the coordinator gives it, and naming any
 * owner is refused. So the owners a quorum counts are the ones the operator made: an owner by a grant, or one car
 * of the operator's own fleet.
 */
final class EnrollmentGrants {
    /** A claimed grant: the owner it binds cars to, or null for the operator's own fleet. */
    record Grant(String ownerId) {
        /**
         * The owner of a car enrolled with this grant, naming {@code declared} (may be null): the grant's owner, or
         * null (the car will be its own owner) for a fleet token.
         */
        String ownerOf(String declared) {
            if (ownerId == null) {
                if (declared != null) {
                    throw new IllegalArgumentException("ownerId: this enrollment token is the operator's own fleet"
                            + " token, whose cars are their own owners; an owner's cars enroll with that owner's grant");
                }
                return null;
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
        if (ownerId != null && revokedOwner(c, ownerId)) {
            throw new IllegalArgumentException("owner_id: owner " + ownerId + " is revoked; no more of its cars enroll");
        }
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

    private static boolean revokedOwner(Connection c, String ownerId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT 1 FROM owners WHERE id = ? AND revoked_at IS NOT NULL")) {
            q.setString(1, ownerId);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next();
            }
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
