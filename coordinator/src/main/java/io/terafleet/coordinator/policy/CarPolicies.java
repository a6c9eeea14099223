package io.terafleet.coordinator.policy;

import io.terafleet.coordinator.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Owners' policies per car as set in the console ({@code car_policies}): every version is kept with who set it and
 * when; the highest is the one the car is given on its next report. Text is stored only after core's
 * {@code PolicyJson} accepted it, so a car is never handed a policy it cannot read. Whoever listens
 * ({@link #onSaved}) is told of each version once it is stored, to ask the car to report at once.
 */
public final class CarPolicies {
    /** Versions an owner's history lists, newest first. */
    public static final int HISTORY = 50;

    /** One saved version. */
    public record Version(long version, String policy, String setBy, long setAt) {
    }

    private final Database database;
    private final Clock clock;
    private volatile java.util.function.BiConsumer<String, Long> saved = (car, version) -> { };

    public CarPolicies(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Whether the car is the owner's (a car enrolled without an owner is its own). */
    public boolean ownedBy(String carId, String ownerId) {
        return database.inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM cars WHERE id = ?"
                    + " AND (owner_id = ? OR (owner_id IS NULL AND id = ?))")) {
                q.setString(1, carId);
                q.setString(2, ownerId);
                q.setString(3, ownerId);
                try (ResultSet rows = q.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    /** Told (car id, version) of each version saved here, after it is stored. */
    public void onSaved(java.util.function.BiConsumer<String, Long> listener) {
        this.saved = listener;
    }

    /** Stores a checked policy as the car's next version; returns it. */
    public Version save(String carId, String checkedPolicy, String setBy) {
        Version stored = store(carId, checkedPolicy, setBy);
        saved.accept(carId, stored.version());
        return stored;
    }

    private Version store(String carId, String checkedPolicy, String setBy) {
        long now = clock.millis();
        return database.inTransaction(c -> {
            long next = latestVersion(c, carId).orElse(0L) + 1;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO car_policies (car_id, version, policy,"
                    + " set_by, set_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, carId);
                insert.setLong(2, next);
                insert.setString(3, checkedPolicy);
                insert.setString(4, setBy);
                insert.setLong(5, now);
                insert.executeUpdate();
            }
            return new Version(next, checkedPolicy, setBy, now);
        });
    }

    /** The car's versions, newest first, at most {@link #HISTORY}. */
    public List<Version> history(String carId) {
        return database.inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT version, policy, set_by, set_at FROM car_policies"
                    + " WHERE car_id = ? ORDER BY version DESC LIMIT " + HISTORY)) {
                q.setString(1, carId);
                try (ResultSet rows = q.executeQuery()) {
                    List<Version> versions = new ArrayList<>();
                    while (rows.next()) {
                        versions.add(new Version(rows.getLong(1), rows.getString(2), rows.getString(3),
                                rows.getLong(4)));
                    }
                    return versions;
                }
            }
        });
    }

    /** The newest version when it is newer than {@code applied} (null: the car applies none yet). */
    Optional<Version> newerThan(Connection c, String carId, Long applied) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT version, policy, set_by, set_at FROM car_policies"
                + " WHERE car_id = ? AND version > ? ORDER BY version DESC LIMIT 1")) {
            q.setString(1, carId);
            q.setLong(2, applied == null ? 0 : applied);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? Optional.of(new Version(rows.getLong(1), rows.getString(2), rows.getString(3),
                        rows.getLong(4))) : Optional.empty();
            }
        }
    }

    private static Optional<Long> latestVersion(Connection c, String carId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT MAX(version) FROM car_policies WHERE car_id = ?")) {
            q.setString(1, carId);
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                long max = rows.getLong(1);
                return rows.wasNull() ? Optional.empty() : Optional.of(max);
            }
        }
    }
}
