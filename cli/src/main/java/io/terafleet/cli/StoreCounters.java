package io.terafleet.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the store did for the coordinator side of {@code bench-control-plane}, per unit completed, counted by the
 * store itself: on H2 every statement executed (its query statistics), on PostgreSQL every transaction
 * ({@code pg_stat_database}; PostgreSQL 15 keeps no statement counts without an extension loaded at start).
 * Statements of job submission (the filler's) are left out on H2.
 */
final class StoreCounters {
    /** Statements the filler runs to submit jobs: not the lease/complete path. */
    private static final List<String> SUBMISSION = List.of("INSERT INTO JOBS", "INSERT INTO INPUTS",
            "INSERT INTO UNITS", "INSERT INTO JOB_PROGRESS", "INSERT INTO \"PUBLIC\".\"JOBS\"");

    private final BenchStore store;
    private final boolean postgres;
    private long transactionsBefore;

    private StoreCounters(BenchStore store, boolean postgres) {
        this.store = store;
        this.postgres = postgres;
    }

    /** Starts counting (the store's schema must exist: call once the coordinator is up). */
    static StoreCounters start(BenchStore store) throws SQLException {
        StoreCounters counters = new StoreCounters(store, store.config().isPostgres());
        try (Connection c = connect(store); Statement s = c.createStatement()) {
            if (counters.postgres) {
                counters.transactionsBefore = transactions(s);
            } else {
                s.execute("SET QUERY_STATISTICS_MAX_ENTRIES 1000");
                s.execute("SET QUERY_STATISTICS TRUE");
            }
        }
        return counters;
    }

    /** H2: statements per unit, and the most frequent ones; read while the coordinator still holds the store. */
    void printStatements(long units) throws SQLException {
        if (postgres || units == 0) {
            return;
        }
        long total = 0;
        List<String> top = new ArrayList<>();
        try (Connection c = connect(store); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM"
                     + " INFORMATION_SCHEMA.QUERY_STATISTICS ORDER BY EXECUTION_COUNT DESC")) {
            while (rows.next()) {
                String sql = rows.getString(1).replaceAll("\\s+", " ").trim();
                if (SUBMISSION.stream().anyMatch(sql.toUpperCase()::startsWith) || sql.contains("QUERY_STATISTICS")) {
                    continue;
                }
                total += rows.getLong(2);
                if (top.size() < 12) {
                    top.add(String.format("    %6.2f  %s", rows.getLong(2) / (double) units,
                            sql.length() > 110 ? sql.substring(0, 110) + "…" : sql));
                }
            }
        }
        System.out.printf("  store statements per unit (H2 query statistics, job submission left out): %.2f%n",
                total / (double) units);
        top.forEach(System.out::println);
    }

    /** PostgreSQL: transactions per unit; read after the coordinator closed (its connections have flushed their counts). */
    void printTransactions(long units) throws SQLException {
        if (!postgres || units == 0) {
            return;
        }
        try (Connection c = connect(store); Statement s = c.createStatement()) {
            long done = transactions(s) - transactionsBefore;
            System.out.printf("  store transactions per unit (pg_stat_database, job submission included): %.2f%n",
                    done / (double) units);
        }
    }

    private static long transactions(Statement s) throws SQLException {
        s.execute("SELECT pg_stat_clear_snapshot()");
        try (ResultSet rows = s.executeQuery("SELECT xact_commit + xact_rollback FROM pg_stat_database"
                + " WHERE datname = current_database()")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Connection connect(BenchStore store) throws SQLException {
        return DriverManager.getConnection(store.config().jdbcUrl(), store.config().user(), store.config().password());
    }
}
