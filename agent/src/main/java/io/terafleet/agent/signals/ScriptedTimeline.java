package io.terafleet.agent.signals;

import io.terafleet.core.vehicle.VehicleState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Replays a {@link VehicleTimeline} against a clock: {@link #current()} is the state as of
 * {@code clock.instant()}, so a test clock that is moved by hand, or a fast simulated clock, replays it exactly.
 * It does not call {@link #onChange} listeners: nothing here runs by itself, callers poll.
 */
public final class ScriptedTimeline implements VehicleSignals {
    private final VehicleTimeline timeline;
    private final Clock clock;

    public ScriptedTimeline(VehicleTimeline timeline, Clock clock) {
        this.timeline = Objects.requireNonNull(timeline, "timeline: must not be null");
        this.clock = Objects.requireNonNull(clock, "clock: must not be null");
    }

    /**
     * Loads a JSON-lines script (see {@link TimelineFile}); lines whose {@code t} is a number of seconds count from
     * {@code offsetOrigin}.
     */
    public static ScriptedTimeline load(Path file, Instant offsetOrigin, Clock clock) throws IOException {
        return new ScriptedTimeline(TimelineFile.read(file, offsetOrigin), clock);
    }

    public VehicleTimeline timeline() {
        return timeline;
    }

    @Override
    public VehicleState current() {
        return timeline.stateAt(clock.instant());
    }
}
