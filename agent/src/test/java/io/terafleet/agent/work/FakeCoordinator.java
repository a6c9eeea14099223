package io.terafleet.agent.work;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.terafleet.core.api.CompleteBatchRequest;
import io.terafleet.core.api.CompleteBatchResponse;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.LeaseResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A coordinator's agent API on a real HTTP server, answering as each test scripts it: the car's side is tested over
 * the wire, with what it sent recorded.
 */
final class FakeCoordinator implements AutoCloseable {
    /** An answer: HTTP status and JSON body (or an empty body). */
    record Reply(int status, Object body) {
        static Reply ok(Object body) {
            return new Reply(200, body);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    final List<CompleteBatchRequest> batches = new CopyOnWriteArrayList<>();
    final List<CompleteRequest> singles = new CopyOnWriteArrayList<>();
    final List<String> paths = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    volatile Function<CompleteBatchRequest, Reply> onBatch = request -> Reply.ok(new CompleteBatchResponse(
            request.completions().stream().map(c -> CompleteBatchResponse.Outcome.of(c.leaseId(),
                    CompleteResponse.ACCEPTED)).toList(), request.next() == null ? null : new LeaseResponse(List.of())));
    volatile Function<CompleteRequest, Reply> onSingle = request -> Reply.ok(new CompleteResponse(
            CompleteResponse.ACCEPTED));

    FakeCoordinator() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/agent/complete-batch", exchange -> {
            CompleteBatchRequest request = read(exchange, CompleteBatchRequest.class);
            batches.add(request);
            reply(exchange, onBatch.apply(request));
        });
        server.createContext("/v1/agent/complete", exchange -> {
            CompleteRequest request = read(exchange, CompleteRequest.class);
            singles.add(request);
            reply(exchange, onSingle.apply(request));
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private <T> T read(HttpExchange exchange, Class<T> type) throws IOException {
        paths.add(exchange.getRequestURI().getPath());
        return JSON.readValue(exchange.getRequestBody().readAllBytes(), type);
    }

    private static void reply(HttpExchange exchange, Reply reply) throws IOException {
        byte[] body = reply.body() == null ? new byte[0] : reply.body() instanceof String text
                ? text.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
