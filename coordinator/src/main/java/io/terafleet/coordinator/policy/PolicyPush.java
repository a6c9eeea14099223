package io.terafleet.coordinator.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The cars whose online channel is open on this coordinator, and how to tell each that its owner saved a policy:
 * the car then reports at once and takes the new version with the report's answer, as it would on its next periodic
 * report. A doorbell, not the policy itself, so that the policy reaches the car by one path only, checked and
 * acknowledged there, whichever coordinator holds the channel. A car without an open channel here is not rung;
 * its periodic report brings the policy within one report period.
 */
public final class PolicyPush {
    /** Per car, its open channels (one, or two while it reconnects), by session, each with its send. */
    private final Map<String, Map<String, BooleanSupplier>> channels = new ConcurrentHashMap<>();

    /** A channel of {@code carId} opened: {@code ring} sends it the policy frame, false when it is gone. */
    public void attach(String carId, String session, BooleanSupplier ring) {
        channels.computeIfAbsent(carId, k -> new ConcurrentHashMap<>()).put(session, ring);
    }

    public void detach(String carId, String session) {
        channels.computeIfPresent(carId, (k, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /** Rings the car on each of its channels open here; true when one took the frame. */
    public boolean ring(String carId) {
        Map<String, BooleanSupplier> open = channels.get(carId);
        boolean rung = false;
        if (open != null) {
            for (BooleanSupplier ring : open.values()) {
                rung |= ring.getAsBoolean();
            }
        }
        return rung;
    }

    /** Cars with a channel open here. */
    public int cars() {
        return channels.size();
    }
}
