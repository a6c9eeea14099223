package io.terafleet.coordinator.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's store: a connection pool over an H2 file or PostgreSQL database whose schema
 * is brought up to date (Flyway, {@code classpath:db/migration}) before the pool is handed out.
 *
 * <p>All access goes through {@link #inTransaction}: connections run with auto-commit off at
 * READ COMMITTED, and the stores make every state change a guarded UPDATE under row locks, so
 * several coordinators may share one PostgreSQL database.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** Conflicts clear up quickly; a transaction still failing after this many tries is reported. */
    static final int MAX_TRANSACTION_ATTEMPTS = 6;

    private final DatabaseConfig config;
    private final HikariDataSource pool;

    private Database(DatabaseConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
    }

    /** Opens the pool and migrates the schema; throws {@link StoreException} if either fails. */
    public static Database open(DatabaseConfig config) {
        HikariDataSource pool = openPool(config);
        try {
            migrate(pool);
            if (config.isH2File()) {
                requireCommitsWrittenAtOnce(pool, config);
            }
            return new Database(config, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public DatabaseConfig config() {
        return config;
    }

    /**
     * Runs {@code work} in one transaction and commits it; rolls back if it throws. A transaction
     * that lost a conflict with a concurrent one ({@link StoreException#retryable()}) is run again,
     * a few times, after a short random pause. Other exceptions from {@code work} pass through
     * unchanged after the rollback; SQL failures come out as {@link StoreException}.
     * Transactions do not nest: {@code work} must not call this method.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return runOnce(work);
            } catch (StoreException e) {
                if (!e.retryable() || attempt >= MAX_TRANSACTION_ATTEMPTS) {
                    throw e;
                }
                log.debug("transaction conflict (SQLState {}), try {} of {}", e.sqlState(), attempt,
                        MAX_TRANSACTION_ATTEMPTS);
                pauseBeforeRetry(attempt);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private <T> T runOnce(SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw StoreException.from(e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /** Jittered exponential pause, so that two conflicting transactions do not collide again in step. */
    private static void pauseBeforeRetry(int attempt) {
        long bound = 5L << Math.min(attempt, 6);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StoreException.of("interrupted while waiting to retry a transaction", e);
        }
    }

    private static HikariDataSource openPool(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("terafleet-store");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hikari.setAutoCommit(false);
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        if (config.isPostgres()) {
            // Sends a JDBC batch of INSERTs as multi-row INSERTs: job creation gets several times faster.
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw StoreException.of("cannot open the database " + config.jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    /**
     * An H2 file store must write each commit to its file before {@code commit()} returns ({@code WRITE_DELAY} 0,
     * which {@link DatabaseConfig} puts on every H2 file URL): H2 then ends each writing transaction with a blocking
     * store of its changes, so what a caller acknowledges after {@link #inTransaction} survives a kill of this
     * process. A store that would write later is refused rather than opened.
     */
    private static void requireCommitsWrittenAtOnce(HikariDataSource pool, DatabaseConfig config) {
        String delay;
        try (Connection connection = pool.getConnection(); var query = connection.prepareStatement(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'");
             var rows = query.executeQuery()) {
            delay = rows.next() ? rows.getString(1) : "unknown";
        } catch (SQLException e) {
            throw StoreException.from(e);
        }
        if (!"0".equals(delay)) {
            throw StoreException.of("the H2 store " + config.jdbcUrl() + " writes commits up to " + delay
                    + " ms after they return (WRITE_DELAY): a kill of this process would lose acknowledged writes;"
                    + " give it WRITE_DELAY=0", null);
        }
    }

    private static void migrate(HikariDataSource pool) {
        try {
            var result = Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                log.info("database schema migrated to version {}", result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            throw StoreException.of("cannot migrate the database schema: " + e.getMessage(), e);
        }
    }
}
