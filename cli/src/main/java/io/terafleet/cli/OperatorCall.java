package io.terafleet.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One operator call to a coordinator: method, path, optional JSON body, the operator key as a bearer. */
final class OperatorCall {
    private OperatorCall() {
    }

    static HttpResponse<String> send(URI coordinator, String operatorKey, String method, String path, String json)
            throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(coordinator.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + operatorKey)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
