package io.terafleet.coordinator.leasing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * Per car, the instant up to which its board's power has been paid for ({@code car_energy.paid_until}). A lease's
 * energy bound starts at the later of its grant and that instant, and paying for a lease moves the instant on by
 * the time the paid energy takes at board power. So however many leases a car holds at once, what it is paid for
 * them together stays within one board's power over the time the coordinator saw it working, while a car that
 * claims honestly (at most its board's draw) loses nothing. One row lock and one update per lease; the row lock
 * also orders two coordinators ending leases of one car at the same moment.
 */
final class CarEnergyClock {
    private CarEnergyClock() {
    }

    /** Locks the car's clock; the instant a lease granted at {@code grantedAt} may be paid from. */
    static long lock(Connection c, String carId, long grantedAt) throws SQLException {
        OptionalLong paidUntil = read(c, carId);
        if (paidUntil.isEmpty()) {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO car_energy (car_id, paid_until) VALUES (?, 0)")) {
                insert.setString(1, carId);
                io.terafleet.coordinator.db.Sql.insertIfAbsent(c, insert); // another lease's first may win: fine
            }
            paidUntil = read(c, carId);
        }
        return Math.max(grantedAt, paidUntil.orElse(0));
    }

    /** Moves the car's clock to {@code paidUntil} (never back: it starts where {@link #lock} said). */
    static void spend(Connection c, String carId, long paidUntil) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE car_energy SET paid_until = ? WHERE car_id = ? AND paid_until < ?")) {
            update.setLong(1, paidUntil);
            update.setString(2, carId);
            update.setLong(3, paidUntil);
            update.executeUpdate();
        }
    }

    private static OptionalLong read(Connection c, String carId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT paid_until FROM car_energy WHERE car_id = ? FOR UPDATE")) {
            q.setString(1, carId);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
