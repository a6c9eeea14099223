package io.terafleet.agent.work;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.CompleteResponse;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A coordinator that answers 429 or 503 with Retry-After is waited for that long, then the call succeeds. */
class RetryAfterTest {
    private HttpServer server;
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();

    /** Answers {@code status} with {@code Retry-After: seconds} the first time, then accepts. */
    private URI fakeCoordinator(int status, String retryAfter) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/agent/complete", exchange -> {
            arrivals.add(System.nanoTime());
            exchange.getRequestBody().readAllBytes();
            if (arrivals.size() == 1) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
                byte[] body = "{\"title\":\"slow down\"}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            } else {
                byte[] body = "{\"outcome\":\"accepted\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void waitsTheRetryAfterOfA429ThenSucceeds() throws Exception {
        var client = new CoordinatorClient(fakeCoordinator(429, "2"));
        var retrier = new Retrier(8, Duration.ofMillis(10), Duration.ofMillis(50));

        CompleteResponse response = retrier.call("complete", () -> client.complete(
                new CompleteRequest("lease-1", List.of(), 5)));

        assertThat(response.outcome()).isEqualTo(CompleteResponse.ACCEPTED);
        assertThat(arrivals).hasSize(2);
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void a503sRetryAfterAlsoHoldsForACompletionRetriedUntilItsDeadline() throws Exception {
        var client = new CoordinatorClient(fakeCoordinator(503, "1"));
        var retrier = new Retrier(8, Duration.ofMillis(10), Duration.ofMillis(50));
        var clock = java.time.Clock.systemUTC();

        CompleteResponse response = retrier.callUntil("complete", () -> client.complete(
                new CompleteRequest("lease-1", List.of(), 5)), clock, clock.instant().plusSeconds(30));

        assertThat(response.outcome()).isEqualTo(CompleteResponse.ACCEPTED);
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRetryAfterIsCappedAndNonsenseFallsBackToTheBackoff() {
        assertThat(CoordinatorClient.retryAfter("3600")).isEqualTo(CoordinatorClient.MAX_RETRY_AFTER);
        assertThat(CoordinatorClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
        assertThat(CoordinatorClient.retryAfter("-1")).isNull();
        var asked = new io.terafleet.agent.client.CoordinatorException("busy", 429, true, null,
                CoordinatorClient.retryAfter("3600"));
        assertThat(Retrier.waitBefore(asked, Duration.ofMillis(100))).isEqualTo(Duration.ofSeconds(60));
        var none = new io.terafleet.agent.client.CoordinatorException("busy", 503, true, null);
        assertThat(Retrier.waitBefore(none, Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(100));
    }
}
