package io.terafleet.coordinator.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A viewer's state as server-sent events: one {@code data:} event per period with the whole snapshot, so a page
 * never needs a reload and a dropped event is repaired by the next. A stream ends after {@link #LIFETIME} (the
 * browser reconnects after the {@code retry} it was told), so no stream outlives a revoked key for long. A caller
 * that does not ask for {@code text/event-stream} gets the snapshot once, as JSON.
 */
public final class LiveFeed {
    public static final Duration PERIOD = Duration.ofSeconds(1);
    static final Duration LIFETIME = Duration.ofMinutes(5);

    private final ObjectMapper json;
    private final Clock clock;

    public LiveFeed(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    public void serve(Context ctx, Supplier<Object> snapshot) throws IOException, InterruptedException {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            ctx.json(snapshot.get());
            return;
        }
        var response = ctx.res();
        response.setStatus(200);
        response.setContentType("text/event-stream; charset=utf-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        OutputStream out = response.getOutputStream();
        long until = clock.millis() + LIFETIME.toMillis();
        write(out, "retry: " + PERIOD.toMillis() + "\n\n");
        try {
            while (clock.millis() < until) {
                write(out, "data: " + json.writeValueAsString(snapshot.get()) + "\n\n");
                Thread.sleep(PERIOD);
            }
        } catch (IOException e) {
            return; // the page went away
        }
        out.close();
    }

    private static void write(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
