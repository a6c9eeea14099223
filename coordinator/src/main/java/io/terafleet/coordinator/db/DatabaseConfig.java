package io.terafleet.coordinator.db;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where the coordinator's store lives; validated at construction, errors name the field.
 *
 * <p>Two kinds of URL are accepted: an H2 file database (the default, one coordinator) and
 * PostgreSQL (production, several coordinators sharing one database). The schema is the same.
 *
 * @param jdbcUrl     {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
 * @param user        database user, may be empty (H2 files made by {@link #h2File} use {@code sa})
 * @param password    may be empty, never {@code null}; never printed
 * @param maxPoolSize most open connections, 1..200
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maxPoolSize) {
    public static final int DEFAULT_POOL_SIZE = 10;

    /**
     * H2 settings that every file URL made here carries. {@code WRITE_DELAY=0} makes each commit
     * write its changes to the file (the OS page cache) before {@code commit()} returns, instead of
     * up to 500 ms later, so a committed job survives a SIGKILL of the coordinator. A power cut may
     * still lose the last commits: H2 does not fsync per commit. {@code REUSE_SPACE=FALSE}: H2 appends every chunk
     * instead of writing it over the space of chunks it no longer needs; with reuse, a SIGKILL at the wrong moment
     * brought the store back at an older state, losing acknowledged writes (ADR 0002). {@code LOCK_TIMEOUT} lets a
     * transaction wait for row locks held by a concurrent one (H2's default of 1 s is too short
     * under load); deadlocks are still detected and retried. {@code TRACE_LEVEL_FILE=0}: H2 writes no
     * {@code .trace.db} file beside the store (the coordinator logs every store error itself); such a file, written
     * by H2's own exit hook while a command deletes its temporary store, would bring the deleted folder back.
     * {@code DB_CLOSE_ON_EXIT=FALSE}: H2 does not close the store from its own exit hook, under the coordinator's
     * threads that still use it; the coordinator closes it when it stops (every command stops its coordinator on
     * exit), and a store that was not closed opens again as after a crash, with every commit in it.
     */
    static final String H2_FILE_SETTINGS = ";WRITE_DELAY=0;REUSE_SPACE=FALSE;LOCK_TIMEOUT=10000;TRACE_LEVEL_FILE=0"
            + ";DB_CLOSE_ON_EXIT=FALSE";
    /** H2 URLs that are not an embedded file: in memory, or a server's (whose own URL decides). */
    private static final List<String> NOT_H2_FILES = List.of("jdbc:h2:mem:", "jdbc:h2:tcp:", "jdbc:h2:ssl:",
            "jdbc:h2:zip:");

    /**
     * An embedded H2 file URL, however it was given ({@code --db-url jdbc:h2:file:...} or {@code jdbc:h2:./dir/x}),
     * gets each of {@link #H2_FILE_SETTINGS} it does not set itself: without {@code WRITE_DELAY=0} H2 writes a
     * commit up to 500 ms after it returned, and a kill of the process loses what was acknowledged meanwhile.
     */
    public DatabaseConfig {
        require(jdbcUrl != null && !jdbcUrl.isBlank(), "jdbcUrl", "must be set");
        require(jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.startsWith("jdbc:postgresql:"), "jdbcUrl",
                "must start with jdbc:h2: or jdbc:postgresql:, was " + jdbcUrl);
        if (isH2File(jdbcUrl)) {
            jdbcUrl = withH2FileSettings(jdbcUrl);
        }
        require(user != null, "user", "must not be null (use \"\" for none)");
        require(password != null, "password", "must not be null (use \"\" for none)");
        require(maxPoolSize >= 1 && maxPoolSize <= 200, "maxPoolSize", "must be within 1..200, was " + maxPoolSize);
    }

    /** An H2 database in files under {@code dir} (created if missing), durable across a process kill. */
    public static DatabaseConfig h2File(Path dir) {
        require(dir != null, "dir", "must be set");
        String base = dir.toAbsolutePath().normalize().resolve("terafleet").toString();
        require(!base.contains(";"), "dir", "must not contain ';' (it would end the JDBC URL), was " + dir);
        return new DatabaseConfig("jdbc:h2:file:" + base + H2_FILE_SETTINGS, "sa", "", DEFAULT_POOL_SIZE);
    }

    /** An embedded H2 database in files (the kind a kill of this process can lose commits of). */
    public boolean isH2File() {
        return isH2File(jdbcUrl);
    }

    private static boolean isH2File(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("jdbc:h2:") && NOT_H2_FILES.stream().noneMatch(lower::startsWith);
    }

    private static String withH2FileSettings(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        var full = new StringBuilder(url);
        for (String setting : H2_FILE_SETTINGS.substring(1).split(";")) {
            String key = setting.substring(0, setting.indexOf('=') + 1).toLowerCase(Locale.ROOT);
            if (!lower.contains(";" + key)) {
                full.append(';').append(setting);
            }
        }
        return full.toString();
    }

    public boolean isPostgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    public DatabaseConfig withMaxPoolSize(int size) {
        return new DatabaseConfig(jdbcUrl, user, password, size);
    }

    /** Leaves the password out, so that configs can be logged. */
    @Override
    public String toString() {
        String shownPassword = password.isEmpty() ? "" : "***";
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + shownPassword
                + ", maxPoolSize=" + maxPoolSize + "]";
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": " + message);
        }
    }
}
