package io.terafleet.coordinator.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;

/** Small JDBC helpers shared by the stores. */
public final class Sql {
    private Sql() {
    }

    /** {@code ?, ?, ?} for an {@code IN (...)} list of {@code count} values (count must be 1 or more). */
    public static String placeholders(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count: an IN list needs 1 or more values, was " + count);
        }
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /** Binds {@code values} from parameter {@code first} on; returns the next free parameter index. */
    public static int bindAll(PreparedStatement statement, int first, Collection<String> values) throws SQLException {
        int index = first;
        for (String value : values) {
            statement.setString(index++, value);
        }
        return index;
    }

    /** SQLSTATE of a unique or primary key violation, the same on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";

    /**
     * Runs {@code insert} unless its key is taken: true when the row was inserted, false when another transaction
     * holds that key already (committed, or committed while this one waited for it). Portable across H2 and
     * PostgreSQL: the insert runs under a savepoint, so the key violation leaves the surrounding transaction usable.
     */
    public static boolean insertIfAbsent(java.sql.Connection c, PreparedStatement insert) throws SQLException {
        java.sql.Savepoint before = c.setSavepoint();
        try {
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(before);
            return false;
        }
        c.releaseSavepoint(before);
        return true;
    }
}
