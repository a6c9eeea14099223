package io.terafleet.coordinator.leasing;

import io.terafleet.core.verification.OwnerProbation;
import io.terafleet.core.verification.OwnerStanding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code owner_trust} table: each granted owner's {@link OwnerStanding}, when their first car enrolled and how
 * many of their cars' units were verified. An owner without a row (the operator's own fleet) is not held.
 */
public final class OwnerTrustRows {
    record Stored(String ownerId, OwnerStanding standing, Instant firstCarAt, long verifiedUnits) {
    }

    private OwnerTrustRows() {
    }

    /**
     * A granted owner's first car enrolled now: the owner starts on probation (once; later cars change nothing).
     * Two first cars of one owner may enroll at once (two grants, two coordinators): the row is inserted only when
     * absent, and the one that finds it there already (or loses the race to insert it) changes nothing.
     */
    public static void enrolled(Connection c, String ownerId, Instant now) throws SQLException {
        if (read(c, ownerId, false).isPresent()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO owner_trust (owner_id, standing,"
                + " first_car_at, verified_units, updated_at) VALUES (?, ?, ?, 0, ?)")) {
            insert.setString(1, ownerId);
            insert.setString(2, OwnerStanding.PROBATION.name());
            insert.setLong(3, now.toEpochMilli());
            insert.setLong(4, now.toEpochMilli());
            io.terafleet.coordinator.db.Sql.insertIfAbsent(c, insert);
        }
    }

    /**
     * Whether the owner's cars are held to probation's rules now. Probation ends here, by itself, the first time
     * it is asked after both thresholds passed.
     */
    static boolean held(Connection c, String ownerId, OwnerProbation rules, Instant now) throws SQLException {
        Optional<Stored> stored = read(c, ownerId, false);
        if (stored.isEmpty()) {
            return false;
        }
        OwnerStanding standing = settle(c, stored.get(), rules, now);
        return standing.held();
    }

    /** One more verified unit of the owner's cars (a quorum or a canary found it valid). */
    static void verified(Connection c, String ownerId, OwnerProbation rules, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE owner_trust SET verified_units = verified_units + 1, updated_at = ? WHERE owner_id = ?")) {
            update.setLong(1, now.toEpochMilli());
            update.setString(2, ownerId);
            if (update.executeUpdate() == 0) {
                return;
            }
        }
        settle(c, read(c, ownerId, true).orElseThrow(), rules, now);
    }

    /** One of the owner's cars was quarantined. */
    static void carQuarantined(Connection c, String ownerId, Instant now) throws SQLException {
        Optional<Stored> stored = read(c, ownerId, true);
        if (stored.isPresent()) {
            move(c, stored.get(), OwnerProbation.onCarQuarantined(stored.get().standing()), now);
        }
    }

    private static OwnerStanding settle(Connection c, Stored stored, OwnerProbation rules, Instant now)
            throws SQLException {
        OwnerStanding next = rules.standing(stored.standing(), stored.firstCarAt(), stored.verifiedUnits(), now);
        move(c, stored, next, now);
        return next;
    }

    private static void move(Connection c, Stored stored, OwnerStanding next, Instant now) throws SQLException {
        if (next == stored.standing()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE owner_trust SET standing = ?, updated_at = ? WHERE owner_id = ? AND standing = ?")) {
            update.setString(1, next.name());
            update.setLong(2, now.toEpochMilli());
            update.setString(3, stored.ownerId());
            update.setString(4, stored.standing().name());
            if (update.executeUpdate() == 1) {
                OwnerStanding.TRANSITIONS.recordVisit(stored.standing(), next);
            }
        }
    }

    static Optional<Stored> read(Connection c, String ownerId, boolean lock) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT standing, first_car_at, verified_units FROM owner_trust"
                + " WHERE owner_id = ?" + (lock ? " FOR UPDATE" : ""))) {
            q.setString(1, ownerId);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? Optional.of(new Stored(ownerId, OwnerStanding.valueOf(rows.getString(1)),
                        Instant.ofEpochMilli(rows.getLong(2)), rows.getLong(3))) : Optional.empty();
            }
        }
    }
}
