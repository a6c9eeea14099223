package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** A secured coordinator (no cars) and a client that sends any method with a key. */
final class CloudFixture implements AutoCloseable {
    static final String OPERATOR = "operator-key-for-tests-000001";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    final Coordinator coordinator;

    CloudFixture(Path dir, CloudConfig cloud) {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of("enrollment-token-for-tests")).withPort(0);
        this.coordinator = Coordinator.start(config, cloud, Clock.systemUTC());
    }

    static CloudConfig secured(Path dir) {
        return CloudConfig.secured(DatabaseConfig.h2File(dir), List.of(OPERATOR));
    }

    record Reply(int status, String body, JsonNode json, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** OpenAI's error body: {"error": {"message", "type", "param", "code"}}. */
        JsonNode openAiError() {
            return json.get("error");
        }
    }

    /** A tenant's API key. */
    String tenant(String name, String limits) throws Exception {
        var reply = send("POST", "/v1/tenants", "{\"name\": \"" + name + "\"" + limits + "}", OPERATOR);
        if (reply.status() != 201) {
            throw new IllegalStateException(reply.body());
        }
        return reply.json().get("api_key").asText();
    }

    Reply send(String method, String path, String body, String key) throws IOException, InterruptedException {
        return send(method, path, "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8), key);
    }

    Reply send(String method, String path, String type, byte[] body, String key) throws IOException, InterruptedException {
        URI uri = coordinator.uri().resolve(path);
        var builder = HttpRequest.newBuilder(uri).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            builder.header("Content-Type", type);
        }
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        JsonNode node = contentType.contains("json") && !contentType.contains("jsonl") && !response.body().isEmpty()
                ? json.readTree(response.body()) : null;
        return new Reply(response.statusCode(), response.body(), node, response);
    }

    Reply upload(String content, String key) throws IOException, InterruptedException {
        String boundary = "b" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return send("POST", "/v1/files", "multipart/form-data; boundary=" + boundary,
                body.getBytes(StandardCharsets.UTF_8), key);
    }

    static String batchLine(String id, String text) {
        return "{\"custom_id\": \"" + id + "\", \"method\": \"POST\", \"url\": \"/v1/embeddings\", \"body\": "
                + "{\"model\": \"all-minilm-l6-v2\", \"input\": \"" + text + "\"}}\n";
    }

    @Override
    public void close() {
        coordinator.close();
    }
}
