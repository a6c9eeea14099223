package io.terafleet.agent.signals;

import io.terafleet.core.vehicle.VehicleState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A car's states over time, oldest first: each entry holds from its instant until the next one. Before the first
 * entry the car has said nothing, so its state is the fail-safe {@link VehicleState#unknown(Instant)}.
 */
public record VehicleTimeline(List<TimedState> entries) {
    public VehicleTimeline {
        Objects.requireNonNull(entries, "entries: must not be null");
        entries = List.copyOf(entries);
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).at().isBefore(entries.get(i - 1).at())) {
                throw new IllegalArgumentException("entries[" + i + "]: " + entries.get(i).at()
                        + " is before entries[" + (i - 1) + "] " + entries.get(i - 1).at());
            }
        }
    }

    /** The state as of {@code now}: the last entry at or before it; entries at the same instant, the last wins. */
    public VehicleState stateAt(Instant now) {
        int index = lastAtOrBefore(now);
        return index < 0 ? VehicleState.unknown(now) : entries.get(index).state();
    }

    public Instant start() {
        return entries.isEmpty() ? null : entries.getFirst().at();
    }

    public Instant end() {
        return entries.isEmpty() ? null : entries.getLast().at();
    }

    private int lastAtOrBefore(Instant now) {
        int low = 0;
        int high = entries.size() - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (entries.get(mid).at().isAfter(now)) {
                high = mid - 1;
            } else {
                found = mid;
                low = mid + 1;
            }
        }
        return found;
    }
}
