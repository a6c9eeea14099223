package io.terafleet.coordinator.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What {@link Database} promises on every supported database. */
abstract class DatabaseContract extends DatabaseTest {
    @Test
    void migrationCreatesEveryTableEmpty() {
        for (String table : List.of("enrollment_tokens", "cars", "jobs", "inputs", "units", "leases", "results")) {
            assertThat(queryLong("SELECT COUNT(*) FROM " + table)).as(table).isZero();
        }
    }

    @Test
    void commitsWhatTheWorkWrote() {
        database.inTransaction(c -> insertToken(c, "a"));

        assertThat(queryLong("SELECT COUNT(*) FROM enrollment_tokens")).isEqualTo(1);
    }

    @Test
    void rollsBackAndRethrowsWhenTheWorkFails() {
        var failure = new IllegalArgumentException("bad input");

        assertThatThrownBy(() -> database.inTransaction(c -> {
            insertToken(c, "a");
            throw failure;
        })).isSameAs(failure);
        assertThat(queryLong("SELECT COUNT(*) FROM enrollment_tokens")).isZero();
    }

    @Test
    void retriesAfterASerializationFailureFromAFreshStart() {
        AtomicInteger attempts = new AtomicInteger();

        String result = database.inTransaction(c -> {
            insertToken(c, "a");
            if (attempts.incrementAndGet() == 1) {
                throw new SQLException("could not serialize access", "40001");
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(2);
        assertThat(queryLong("SELECT COUNT(*) FROM enrollment_tokens")).isEqualTo(1);
    }

    @Test
    void givesUpOnAConflictThatKeepsHappening() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> database.inTransaction(c -> {
            attempts.incrementAndGet();
            throw new SQLException("deadlock detected", "40P01");
        })).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(attempts).hasValue(Database.MAX_TRANSACTION_ATTEMPTS);
    }

    @Test
    void doesNotRetryAConstraintViolation() {
        database.inTransaction(c -> insertToken(c, "a"));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> database.inTransaction(c -> {
            attempts.incrementAndGet();
            return insertToken(c, "a");
        })).isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.sqlState()).isEqualTo("23505");
        });
        assertThat(attempts).hasValue(1);
    }

    /** Two transactions lock two rows in opposite order: the database kills one, which is then retried. */
    @Test
    void survivesARealDeadlock() throws Exception {
        database.inTransaction(c -> insertToken(c, "a") + insertToken(c, "b"));
        var bothHoldOneRow = new CyclicBarrier(2);
        AtomicInteger attempts = new AtomicInteger();

        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            var first = threads.submit(() -> touchInOrder("a", "b", bothHoldOneRow, attempts));
            var second = threads.submit(() -> touchInOrder("b", "a", bothHoldOneRow, attempts));
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        }

        assertThat(attempts.get()).isGreaterThanOrEqualTo(3);
        assertThat(queryLong("SELECT MIN(created_at) FROM enrollment_tokens")).isEqualTo(2);
    }

    @Test
    void aSecondPoolOnTheSameDatabaseSeesTheDataAndMigratesNothing() {
        database.inTransaction(c -> insertToken(c, "a"));

        try (Database another = testDatabase.openAnother()) {
            long tokens = another.inTransaction(c -> {
                try (var rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM enrollment_tokens")) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
            assertThat(tokens).isEqualTo(1);
        }
        assertThat(queryLong("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"script\" = 'V1__schema.sql'"))
                .isEqualTo(1);
    }

    private void touchInOrder(String firstRow, String secondRow, CyclicBarrier barrier, AtomicInteger attempts) {
        AtomicInteger mine = new AtomicInteger();
        database.inTransaction(c -> {
            attempts.incrementAndGet();
            bumpToken(c, firstRow);
            if (mine.incrementAndGet() == 1) {
                await(barrier);
            }
            bumpToken(c, secondRow);
            return null;
        });
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int insertToken(Connection c, String hash) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO enrollment_tokens (token_hash, created_at) VALUES (?, 0)")) {
            insert.setString(1, hash);
            return insert.executeUpdate();
        }
    }

    private static void bumpToken(Connection c, String hash) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE enrollment_tokens SET created_at = created_at + 1 WHERE token_hash = ?")) {
            update.setString(1, hash);
            update.executeUpdate();
        }
    }
}
