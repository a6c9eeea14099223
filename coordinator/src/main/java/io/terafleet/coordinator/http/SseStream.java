package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events as OpenAI streams them: {@code data: {json}} events, then {@code data: [DONE]}. The response
 * starts with the first event, so an error found before any token still gets a plain status and body. Written to
 * the servlet's own stream, uncompressed and flushed per event: a token must reach the customer when it is made.
 */
final class SseStream {
    private static final ObjectMapper JSON = Json.mapper();
    private final Context ctx;
    private ServletOutputStream out;
    private boolean closed;

    SseStream(Context ctx) {
        this.ctx = ctx;
    }

    synchronized boolean started() {
        return out != null;
    }

    synchronized void send(JsonNode event) {
        try {
            write("data: " + JSON.writeValueAsString(event) + "\n\n");
        } catch (IOException e) {
            throw new UncheckedIOException("the client went away", e);
        }
    }

    synchronized void done() throws IOException {
        write("data: [DONE]\n\n");
        close();
    }

    synchronized void close() throws IOException {
        if (out != null && !closed) {
            closed = true;
            out.close();
        }
    }

    private void write(String event) throws IOException {
        if (closed) {
            return;
        }
        if (out == null) {
            var response = ctx.res();
            response.setStatus(200);
            response.setContentType("text/event-stream; charset=utf-8");
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Accel-Buffering", "no");
            out = response.getOutputStream();
        }
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
