package io.terafleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.generation.GenerationBenchmark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One batch of {@code /v1/completions} lines through the Batch API of a coordinator that lets callers in without a
 * key (the embedded one): the lines run as leased generation units on the cars. Timed from the batch's creation to
 * the status {@code completed}; the tokens are the output's {@code completion_tokens}.
 */
final class BatchGenerationRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI coordinator;

    BatchGenerationRun(URI coordinator) {
        this.coordinator = coordinator;
    }

    /** Line i: prompt i mod the prompts, temperature 0.8, seed i (as the direct run draws). */
    GenerationBenchmark.Measurement run(String model, List<String> prompts, int count, int maxTokens)
            throws IOException, InterruptedException {
        var lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append(JSON.writeValueAsString(Map.of("custom_id", "r-" + i, "method", "POST", "url",
                    "/v1/completions", "body", Map.of("model", model, "prompt", prompts.get(i % prompts.size()),
                            "max_tokens", maxTokens, "temperature", 0.8, "seed", i)))).append('\n');
        }
        String fileId = upload(lines.toString()).get("id").asText();
        long start = System.nanoTime();
        JsonNode batch = send("POST", "/v1/batches", JSON.writeValueAsString(Map.of("input_file_id", fileId,
                "endpoint", "/v1/completions", "completion_window", "24h")));
        while (!List.of("completed", "failed", "cancelled", "expired").contains(batch.get("status").asText())) {
            Thread.sleep(10);
            batch = send("GET", "/v1/batches/" + batch.get("id").asText(), null);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!batch.get("status").asText().equals("completed") || batch.path("output_file_id").isNull()) {
            throw new IllegalStateException("the batch did not complete: " + batch);
        }
        long tokens = 0;
        String output = text("/v1/files/" + batch.get("output_file_id").asText() + "/content");
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                tokens += JSON.readTree(line).path("response").path("body").path("usage").path("completion_tokens")
                        .asLong();
            }
        }
        return new GenerationBenchmark.Measurement(count, count, tokens, seconds, 0);
    }

    private JsonNode upload(String jsonl) throws IOException, InterruptedException {
        String boundary = "----terafleet" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lines.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jsonl.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var response = http.send(HttpRequest.newBuilder(coordinator.resolve("/v1/files"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        return checked(response);
    }

    private JsonNode send(String method, String path, String json) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(coordinator.resolve(path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build();
        return checked(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private String text(String path) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(coordinator.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static JsonNode checked(HttpResponse<String> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }
}
