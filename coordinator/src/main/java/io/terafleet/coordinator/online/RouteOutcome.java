package io.terafleet.coordinator.online;

import io.terafleet.core.api.OnlineResult;

/** What became of an online request: answered by a car, or why not. Expected outcomes, not exceptions. */
public sealed interface RouteOutcome {
    /** A car answered; {@code attempts} counts the cars asked, this one included. */
    record Answered(OnlineResult result, String carId, int attempts) implements RouteOutcome {
    }

    /** No car that holds the model was ready within the admission wait. */
    record NoCar(String model) implements RouteOutcome {
    }

    /**
     * Every car holding the model is busy: the admission queue was full ({@code queueFull}), or the request waited
     * its admission time in it; {@code retryAfterSeconds} is when the queue ahead should have been served.
     */
    record Busy(String model, int queued, boolean queueFull, long retryAfterSeconds) implements RouteOutcome {
    }

    /** Every car asked timed out or failed in a way another car might not; the last reason. */
    record Unavailable(String reason, int attempts) implements RouteOutcome {
    }

    /** A car refused the request itself (a bad tensor, say): no other car would do better. */
    record Rejected(String error) implements RouteOutcome {
    }
}
