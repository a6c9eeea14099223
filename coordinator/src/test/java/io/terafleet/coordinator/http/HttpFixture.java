package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A tiny HTTP client for tests: send, then read status, headers and JSON. */
final class HttpFixture {
    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    HttpFixture(URI base) {
        this.base = base;
    }

    record Reply(int status, String contentType, String body, JsonNode json) {
    }

    Reply post(String path, String contentType, String body, String bearer) throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return send(builder.build());
    }

    Reply get(String path) throws IOException, InterruptedException {
        return get(path, null);
    }

    Reply get(String path, String bearer) throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return send(builder.build());
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode node = null;
        if (type.contains("json") && !type.contains("jsonl") && !response.body().isEmpty()) {
            node = json.readTree(response.body());
        }
        return new Reply(response.statusCode(), type, response.body(), node);
    }
}
