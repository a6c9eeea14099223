package io.terafleet.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options of an operator's command (which coordinator, which operator key) and its calls: method, path,
 * optional JSON body, the operator key as a bearer; refused connections are retried like every client's.
 */
final class OperatorCall {
    @Option(names = "--coordinator", defaultValue = "http://127.0.0.1:8080", description = "Coordinator URL (default: ${DEFAULT-VALUE})")
    URI coordinator;

    @Option(names = "--operator-key", required = true, defaultValue = "${env:TERAFLEET_OPERATOR_KEY}",
            description = "The operator key (or set TERAFLEET_OPERATOR_KEY)")
    String operatorKey;

    @Option(names = "--ca-cert", description = "CA certificate (PEM) that must have issued an HTTPS coordinator's"
            + " certificate (default: the JDK's public roots)")
    java.nio.file.Path caCert;

    HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(coordinator.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + operatorKey)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        try (HttpClient http = PinnedHttp.client(caCert)) {
            return new HttpRetry(http, HttpRetry.Policy.DEFAULT, Thread::sleep, why -> { })
                    .send(builder.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
