package io.terafleet.coordinator.leasing;

import io.terafleet.core.verification.CarTrust;
import io.terafleet.core.verification.TrustState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** The {@code car_trust} table: a car's {@link CarTrust} and how many canaries it has passed. */
final class TrustRows {
    /** A car's trust as stored; a car never judged is new and has passed no canary. */
    record Stored(CarTrust trust, int canariesPassed) {
        boolean vetted() {
            return canariesPassed > 0;
        }
    }

    private TrustRows() {
    }

    static Stored read(Connection c, String carId, boolean lock) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT state, valid_streak, strikes, total_valid,"
                + " total_invalid, canaries_passed FROM car_trust WHERE car_id = ?" + (lock ? " FOR UPDATE" : ""))) {
            q.setString(1, carId);
            try (ResultSet rows = q.executeQuery()) {
                if (!rows.next()) {
                    return new Stored(CarTrust.newCar(carId), 0);
                }
                return new Stored(new CarTrust(carId, TrustState.valueOf(rows.getString(1)), rows.getInt(2),
                        rows.getInt(3), rows.getLong(4), rows.getLong(5)), rows.getInt(6));
            }
        }
    }

    static void write(Connection c, Stored stored, Instant now) throws SQLException {
        CarTrust t = stored.trust();
        try (PreparedStatement update = c.prepareStatement("UPDATE car_trust SET state = ?, valid_streak = ?,"
                + " strikes = ?, total_valid = ?, total_invalid = ?, canaries_passed = ?, updated_at = ?"
                + " WHERE car_id = ?")) {
            bind(update, stored, now);
            update.setString(8, t.carId());
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO car_trust (state, valid_streak, strikes,"
                + " total_valid, total_invalid, canaries_passed, updated_at, car_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(insert, stored, now);
            insert.setString(8, t.carId());
            insert.executeUpdate();
        }
    }

    private static void bind(PreparedStatement s, Stored stored, Instant now) throws SQLException {
        CarTrust t = stored.trust();
        s.setString(1, t.state().name());
        s.setInt(2, t.validStreak());
        s.setInt(3, t.strikes());
        s.setLong(4, t.totalValid());
        s.setLong(5, t.totalInvalid());
        s.setInt(6, stored.canariesPassed());
        s.setLong(7, now.toEpochMilli());
    }

    /** Whether any canary answers exist for the model: without them, no car can be vetted, and none needs to be. */
    static boolean canariesExist(Connection c, String model) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM canary_answers WHERE model = ? LIMIT 1")) {
            q.setString(1, model);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next();
            }
        }
    }
}
