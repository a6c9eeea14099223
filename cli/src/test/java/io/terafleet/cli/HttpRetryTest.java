package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What is retried (refused connections, 429 with Retry-After, 503), how long, and what never is. */
class HttpRetryTest {
    private final List<Duration> slept = new ArrayList<>();
    private final List<String> told = new ArrayList<>();
    private HttpServer server;

    private HttpRetry retry(HttpRetry.Policy policy) {
        return new HttpRetry(HttpClient.newHttpClient(), policy, slept::add, told::add);
    }

    /** A server answering the given statuses in turn (then 200), with Retry-After: 1 on 429. */
    private URI serverAnswering(Integer... statuses) throws Exception {
        var queue = new ConcurrentLinkedQueue<>(List.of(statuses));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Integer status = queue.poll();
            int code = status == null ? 200 : status;
            if (code == 429) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            byte[] body = ("{\"status\":" + code + "}").getBytes();
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aRateLimitIsWaitedOutAsTheServerSays() throws Exception {
        URI uri = serverAnswering(429, 503, 200);
        var response = retry(HttpRetry.Policy.DEFAULT).send(HttpRequest.newBuilder(uri).POST(
                HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(500));
        assertThat(told).hasSize(2).first().asString().startsWith("HTTP 429");
    }

    @Test
    void aRetryAfterLongerThanTheBoundIsHandedBack() throws Exception {
        URI uri = serverAnswering(429);
        var policy = new HttpRetry.Policy(Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofMillis(200));
        var response = retry(policy).send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(slept).isEmpty();
    }

    @Test
    void aRefusedConnectionIsRetriedWithBackoffThenToldAsUnreachable() {
        var policy = new HttpRetry.Policy(Duration.ofMillis(300), Duration.ofMillis(50), Duration.ofMillis(100));
        var sleeper = new AtomicInteger();
        var retry = new HttpRetry(HttpClient.newHttpClient(), policy, d -> {
            sleeper.incrementAndGet();
            Thread.sleep(d);
        }, why -> { });
        assertThatThrownBy(() -> retry.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/v1/jobs"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpRetry.Unreachable.class)
                .hasMessageStartingWith("cannot reach the coordinator at http://127.0.0.1:1 (connection refused");
        assertThat(sleeper.get()).isBetween(2, 6);
    }

    @Test
    void otherStatusesAreNotRetried() throws Exception {
        URI uri = serverAnswering(500, 404);
        var response = retry(HttpRetry.Policy.DEFAULT).send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(slept).isEmpty();
    }

    @Test
    void policiesAreValidated() {
        assertThatThrownBy(() -> new HttpRetry.Policy(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("maxBackoff");
    }
}
