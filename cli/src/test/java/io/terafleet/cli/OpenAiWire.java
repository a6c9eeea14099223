package io.terafleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A client that speaks the OpenAI wire format as the API reference documents it, and nothing Terafleet-specific:
 * a base URL ending in {@code /v1}, {@code Authorization: Bearer <key>}, JSON bodies written by hand, and
 * multipart/form-data for file uploads. What a stock OpenAI SDK sends.
 */
final class OpenAiWire {
    private final URI base;
    private final String apiKey;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** @param base e.g. {@code http://127.0.0.1:8080/v1/}, as {@code OpenAI(base_url=...)} takes it */
    OpenAiWire(URI base, String apiKey) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.apiKey = apiKey;
    }

    record Reply(int status, String body, JsonNode json, HttpResponse<byte[]> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Reply post(String path, String jsonBody) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8)));
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** {@code POST /files}: multipart with {@code purpose} and {@code file}, as the SDKs send it. */
    Reply upload(String filename, byte[] content, String purpose) throws IOException, InterruptedException {
        String boundary = "----openai-" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n" + purpose + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request("files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(base.resolve(path));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    private Reply send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        JsonNode node = null;
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.contains("json") && !body.isEmpty()) {
            node = json.readTree(body);
        }
        return new Reply(response.statusCode(), body, node, response);
    }
}
