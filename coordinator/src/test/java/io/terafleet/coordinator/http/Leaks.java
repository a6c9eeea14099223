package io.terafleet.coordinator.http;

import java.util.List;
import java.util.Locale;

/** What an error body must never quote: SQL, stack traces, Java or library class names. */
final class Leaks {
    private static final List<String> MARKERS = List.of("select ", "insert into", "update ", "sqlstate",
            "org.postgresql", "org.h2", "jdbc", "exception", "\tat ", "at io.", "at java.", "com.fasterxml",
            "jackson", "java.lang", "java.util", "org.eclipse", "javalin", "`java", "source: ", "hikari",
            "incomplete multipart", "servlet");

    private Leaks() {
    }

    /** The first marker found in {@code body}, or null when it quotes nothing internal. */
    static String find(String body) {
        if (body == null) {
            return null;
        }
        String lower = body.toLowerCase(Locale.ROOT);
        return MARKERS.stream().filter(lower::contains).findFirst().orElse(null);
    }
}
