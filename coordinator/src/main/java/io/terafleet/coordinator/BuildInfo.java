package io.terafleet.coordinator;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and the git commit this build was made from, read from {@code terafleet-build.properties} (written
 * by the build). A build made outside git has commit {@code unknown}; one with uncommitted changes has the commit
 * followed by {@code -dirty}.
 */
public record BuildInfo(String version, String commit) {
    private static final String UNKNOWN = "unknown";
    private static final BuildInfo CURRENT = load();

    public static BuildInfo current() {
        return CURRENT;
    }

    static BuildInfo load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/terafleet-build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return new BuildInfo(UNKNOWN, UNKNOWN);
        }
        return of(properties.getProperty("version"), properties.getProperty("commit"),
                properties.getProperty("dirty"));
    }

    /** From the build's values; a placeholder the build did not fill in (no git) reads as unknown. */
    static BuildInfo of(String version, String commit, String dirty) {
        String c = known(commit);
        return new BuildInfo(known(version), c.equals(UNKNOWN) || !"true".equals(dirty) ? c : c + "-dirty");
    }

    private static String known(String value) {
        return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.trim();
    }
}
