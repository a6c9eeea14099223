package io.terafleet.coordinator.http;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses a completion window as the OpenAI Batch API writes it ({@code 24h}), or in minutes or seconds. */
final class CompletionWindow {
    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,6})([hms])");
    static final Duration MAX = Duration.ofDays(30);

    private CompletionWindow() {
    }

    static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw ApiProblem.badField("completion_window", "must be a number and a unit (h, m or s), e.g. 24h, was \""
                    + text + "\"");
        }
        long n = Long.parseLong(m.group(1));
        Duration window = switch (m.group(2)) {
            case "h" -> Duration.ofHours(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (window.compareTo(MAX) > 0) {
            throw ApiProblem.badField("completion_window", "must be at most 30 days, was " + text);
        }
        return window;
    }
}
