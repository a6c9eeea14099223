package io.terafleet.core.policy;

import java.time.Duration;

/** Durations as people read them in an explanation: "1h30m", "45m", "20s". */
final class Durations {
    private Durations() {
    }

    static String human(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        if (hours > 0) {
            return minutes > 0 ? hours + "h" + minutes + "m" : hours + "h";
        }
        return minutes > 0 ? minutes + "m" : seconds + "s";
    }
}
