package io.terafleet.coordinator.cars;

import io.terafleet.coordinator.access.EnrollmentLimiter;
import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The enrollment limits held across every coordinator on one store: one row per grant and per source per minute
 * ({@code enrollment_counts}, V14) counts the admitted enrollments. Checking and counting happen in one transaction
 * under the two current-minute rows' locks (taken in a fixed order, so two coordinators cannot deadlock), with the
 * same sliding minute as {@link EnrollmentLimiter}: this minute's count plus the previous minute's weighted by its
 * share of the last 60 s. Only admitted enrollments count. A few indexed rows per enrollment; enrollment is rate
 * limited, never a hot path.
 */
public final class EnrollmentCounts {
    static final String GRANT = "grant";
    static final String SOURCE = "source";
    private static final long MINUTE_MS = 60_000;

    private final Database database;
    private final EnrollmentLimiter.Limits limits;
    /** The last minute whose stale rows this coordinator deleted. */
    private final AtomicLong sweptMinute = new AtomicLong(Long.MIN_VALUE);

    public EnrollmentCounts(Database database, EnrollmentLimiter.Limits limits) {
        this.database = database;
        this.limits = limits;
    }

    /**
     * Counts one enrollment with {@code grant} (the token's SHA-256) from {@code source} (an address as the limiter
     * names it) at {@code now}; empty when admitted, else the seconds until it may be tried again.
     */
    public OptionalLong admit(String grant, String source, Instant now) {
        long nowMs = now.toEpochMilli();
        long minute = nowMs / MINUTE_MS;
        sweep(minute);
        return database.inTransaction(c -> {
            // Fixed order: 'grant' before 'source'.
            double grantLoad = lockAndLoad(c, GRANT, grant, minute, nowMs);
            double sourceLoad = lockAndLoad(c, SOURCE, source, minute, nowMs);
            if (grantLoad + 1 > limits.perGrant() || sourceLoad + 1 > limits.perSource()) {
                return OptionalLong.of(Math.max(1, ((minute + 1) * MINUTE_MS - nowMs + 999) / 1000));
            }
            count(c, GRANT, grant, minute);
            count(c, SOURCE, source, minute);
            return OptionalLong.empty();
        });
    }

    /** Admitted enrollments within the last 60 s for the subject, with its current-minute row locked. */
    private static double lockAndLoad(Connection c, String scope, String subject, long minute, long nowMs)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO enrollment_counts (scope, subject, at_minute, admitted) VALUES (?, ?, ?, 0)")) {
            insert.setString(1, scope);
            insert.setString(2, subject);
            insert.setLong(3, minute);
            Sql.insertIfAbsent(c, insert);
        }
        int current = read(c, scope, subject, minute, true);
        int previous = read(c, scope, subject, minute - 1, false);
        double intoMinute = (nowMs % MINUTE_MS) / (double) MINUTE_MS;
        return previous * (1 - intoMinute) + current;
    }

    private static int read(Connection c, String scope, String subject, long minute, boolean lock)
            throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT admitted FROM enrollment_counts WHERE scope = ? AND"
                + " subject = ? AND at_minute = ?" + (lock ? " FOR UPDATE" : ""))) {
            q.setString(1, scope);
            q.setString(2, subject);
            q.setLong(3, minute);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }

    private static void count(Connection c, String scope, String subject, long minute) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE enrollment_counts SET admitted = admitted + 1"
                + " WHERE scope = ? AND subject = ? AND at_minute = ?")) {
            update.setString(1, scope);
            update.setString(2, subject);
            update.setLong(3, minute);
            update.executeUpdate();
        }
    }

    /** Rows before the previous minute count for nothing: deleted once a minute per coordinator. */
    private void sweep(long minute) {
        long last = sweptMinute.get();
        if (last >= minute || !sweptMinute.compareAndSet(last, minute)) {
            return;
        }
        database.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM enrollment_counts WHERE at_minute < ?")) {
                delete.setLong(1, minute - 1);
                return delete.executeUpdate();
            }
        });
    }
}
