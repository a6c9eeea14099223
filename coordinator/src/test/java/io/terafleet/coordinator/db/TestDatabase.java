package io.terafleet.coordinator.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A migrated, empty database for one test: an H2 file under a temporary directory, or a fresh
 * PostgreSQL database (created on open, dropped on close) on the server named by the system
 * property {@code terafleet.test.postgres} (default {@code jdbc:postgresql://127.0.0.1:5432/},
 * user {@code postgres} with trust authentication, overridable by {@code terafleet.test.postgres.user}
 * and {@code .password}).
 */
public final class TestDatabase implements AutoCloseable {
    private static final String PG_SERVER = System.getProperty("terafleet.test.postgres",
            "jdbc:postgresql://127.0.0.1:5432/");
    private static final String PG_USER = System.getProperty("terafleet.test.postgres.user", "postgres");
    private static final String PG_PASSWORD = System.getProperty("terafleet.test.postgres.password", "");

    private final DatabaseConfig config;
    private final Database database;
    private final String postgresName;

    private TestDatabase(DatabaseConfig config, String postgresName) {
        this.config = config;
        this.postgresName = postgresName;
        this.database = Database.open(config);
    }

    public static TestDatabase h2(Path dir) {
        return new TestDatabase(DatabaseConfig.h2File(dir), null);
    }

    public static TestDatabase postgres() {
        String name = "tf_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        admin("CREATE DATABASE " + name);
        try {
            return new TestDatabase(new DatabaseConfig(PG_SERVER + name, PG_USER, PG_PASSWORD, 10), name);
        } catch (RuntimeException e) {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            throw e;
        }
    }

    public Database database() {
        return database;
    }

    public DatabaseConfig config() {
        return config;
    }

    /** Another pool on the same database, as a second coordinator would open it; the caller closes it. */
    public Database openAnother() {
        return Database.open(config);
    }

    @Override
    public void close() {
        database.close();
        if (postgresName != null) {
            admin("DROP DATABASE IF EXISTS " + postgresName + " WITH (FORCE)");
        }
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(PG_SERVER + "postgres", PG_USER, PG_PASSWORD);
             Statement statement = c.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL test server at " + PG_SERVER + ": " + sql + " failed", e);
        }
    }
}
