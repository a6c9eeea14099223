package io.terafleet.coordinator.http;

import io.terafleet.coordinator.online.RouteOutcome;
import io.terafleet.core.api.OnlineResult;

/** Turns a routing outcome into the answer, or the error every online endpoint gives for it. */
final class Routing {
    /** Seconds a client should wait before trying again when no car could serve. */
    static final long RETRY_AFTER_SECONDS = 1;

    private Routing() {
    }

    static void computeHeader(io.javalin.http.Context ctx, OnlineResult result) {
        if (result.computeNanos() != null) {
            ctx.header(COMPUTE_HEADER, String.format(java.util.Locale.ROOT, "%.3f", result.computeNanos() / 1e6));
        }
    }

    /** Response header with the car's compute time in milliseconds: what the rest of the latency is not. */
    static final String COMPUTE_HEADER = "terafleet-car-compute-ms";

    static OnlineResult answered(RouteOutcome outcome, String model) {
        return switch (outcome) {
            case RouteOutcome.Answered answered -> answered.result();
            case RouteOutcome.NoCar noCar -> throw ApiError.unavailable("No car holding model '" + model
                    + "' is ready to serve now; retry later", RETRY_AFTER_SECONDS);
            case RouteOutcome.Unavailable unavailable -> throw ApiError.unavailable("Model '" + model
                    + "' could not be served after " + unavailable.attempts() + " attempt(s) ("
                    + unavailable.reason() + "); retry later", RETRY_AFTER_SECONDS);
            case RouteOutcome.Busy busy when busy.queueFull() -> throw ApiError.tooMany("requests", "Every car"
                    + " holding model '" + model + "' is busy and " + busy.queued() + " requests wait for one; retry"
                    + " after " + busy.retryAfterSeconds() + " s", busy.retryAfterSeconds());
            case RouteOutcome.Busy busy -> throw ApiError.unavailable("Every car holding model '" + model
                    + "' stayed busy while this request waited; retry after " + busy.retryAfterSeconds() + " s",
                    busy.retryAfterSeconds());
            case RouteOutcome.Rejected rejected -> throw ApiError.invalid(null, rejected.error());
        };
    }
}
