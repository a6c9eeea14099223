package io.terafleet.coordinator.db;

import java.sql.SQLException;
import java.util.Set;

/**
 * The store failed. {@link #retryable()} says whether running the same transaction again may
 * succeed: true for conflicts between concurrent transactions (which roll the loser back), false
 * for everything else (a broken connection, a constraint violation, a bug).
 */
public final class StoreException extends RuntimeException {
    /**
     * 40001 serialization failure (also H2's deadlock), 40P01 PostgreSQL deadlock, 55P03 PostgreSQL
     * lock not available, HYT00 H2 lock timeout, 90131 H2 concurrent update. Each of them rolls the
     * transaction back, so a retry starts from a clean state.
     */
    private static final Set<String> CONFLICT_STATES = Set.of("40001", "40P01", "55P03", "HYT00", "90131");

    private final String sqlState;
    private final boolean retryable;

    private StoreException(String message, Throwable cause, String sqlState, boolean retryable) {
        super(message, cause);
        this.sqlState = sqlState;
        this.retryable = retryable;
    }

    /** A failure that is not about SQL (opening the pool, migrating): never retryable. */
    public static StoreException of(String message, Throwable cause) {
        return new StoreException(message, cause, null, false);
    }

    /** Classifies a driver exception, looking through batch and chained exceptions for the real cause. */
    public static StoreException from(SQLException e) {
        String state = conflictState(e);
        boolean retryable = state != null;
        if (state == null) {
            state = e.getSQLState();
        }
        return new StoreException("store failed (SQLState " + state + "): " + e.getMessage(), e, state, retryable);
    }

    /** The SQLState reported by the driver; {@code null} when the failure did not come from SQL. */
    public String sqlState() {
        return sqlState;
    }

    public boolean retryable() {
        return retryable;
    }

    private static String conflictState(SQLException top) {
        // PostgreSQL reports the cause of a failed batch as the "next" exception, not the top one.
        for (Throwable t = top; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (s.getSQLState() != null && CONFLICT_STATES.contains(s.getSQLState())) {
                        return s.getSQLState();
                    }
                }
            }
        }
        return null;
    }
}
