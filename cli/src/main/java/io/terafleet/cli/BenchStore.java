package io.terafleet.cli;

import io.terafleet.agentdist.ExitScope;
import io.terafleet.coordinator.db.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh store for one benchmark run: an H2 file database in a temporary directory, or a new PostgreSQL database
 * on the given server, dropped when the run ends (the H2 folder is deleted).
 */
final class BenchStore implements AutoCloseable {
    private final DatabaseConfig config;
    private final String serverUrl;
    private final String user;
    private final String databaseName;
    private final ExitScope h2Folder;

    private BenchStore(DatabaseConfig config, String serverUrl, String user, String databaseName,
                       ExitScope h2Folder) {
        this.config = config;
        this.serverUrl = serverUrl;
        this.user = user;
        this.databaseName = databaseName;
        this.h2Folder = h2Folder;
    }

    /** @param store "h2" or "postgres"; serverUrl: a PostgreSQL server URL ending in '/' */
    static BenchStore create(String store, String serverUrl, String user, String password, int poolSize)
            throws Exception {
        return switch (store) {
            case "h2" -> {
                ExitScope scope = ExitScope.open(); // the store's folder goes at close, or at exit (Ctrl-C too)
                yield new BenchStore(DatabaseConfig.h2File(scope.temporaryFolder("terafleet-bench-cp-"))
                        .withMaxPoolSize(poolSize), null, null, null, scope);
            }
            case "postgres" -> {
                String name = "terafleet_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                try (Connection c = DriverManager.getConnection(serverUrl + "postgres", user, password);
                     Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name);
                }
                yield new BenchStore(new DatabaseConfig(serverUrl + name, user, password, poolSize), serverUrl, user,
                        name, null);
            }
            default -> throw new IllegalArgumentException("--store: must be h2 or postgres, was " + store);
        };
    }

    DatabaseConfig config() {
        return config;
    }

    @Override
    public void close() throws SQLException {
        if (h2Folder != null) {
            h2Folder.close();
        }
        if (databaseName == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(serverUrl + "postgres", user, config.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
        }
    }

}
