package io.terafleet.coordinator.db;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import io.terafleet.coordinator.ledger.LedgerInvariants;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the store tests: each test gets its own migrated, empty database. Subclasses say which
 * kind (H2 file or PostgreSQL), so every contract runs on both; PostgreSQL variants carry
 * {@code @Tag("postgres")}.
 */
@ExtendWith(LedgerInvariants.class) // every store test leaves a ledger that balances (I3, I6)
public abstract class DatabaseTest {
    @TempDir
    protected Path tempDir;
    protected TestDatabase testDatabase;
    protected Database database;

    protected abstract TestDatabase openDatabase(Path dir);

    @BeforeEach
    void openTestDatabase() {
        testDatabase = openDatabase(tempDir);
        database = testDatabase.database();
    }

    @AfterEach
    void closeTestDatabase() {
        testDatabase.close();
    }

    /** The first column of the first row of a query that returns a number (a count, say). */
    protected long queryLong(String sql, Object... parameters) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    query.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    /** The first column of the first row as text, or null when there is no row. */
    protected String queryString(String sql, Object... parameters) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    query.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
    }
}
