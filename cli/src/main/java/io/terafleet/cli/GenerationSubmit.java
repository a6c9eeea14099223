package io.terafleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code terafleet submit} for a text-generation model: each {@code {"custom_id", "input"}} line becomes a chat
 * request (the input as the user's message), sent as an OpenAI batch of {@code /v1/chat/completions}; waits for
 * it and writes the batch's output lines (and error lines) when asked.
 */
final class GenerationSubmit {
    private final URI base;
    private final String apiKey;
    private final ObjectMapper json = new ObjectMapper();
    // The same retries as every other client of the CLI: refused connections, 429 and 503 with backoff.
    private final HttpRetry http = new HttpRetry(HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5))
            .build(), HttpRetry.Policy.DEFAULT, Thread::sleep, why -> { });

    GenerationSubmit(URI coordinator, String apiKey) {
        this.base = coordinator;
        this.apiKey = apiKey;
    }

    /** Whether the coordinator serves {@code model} as a text-generation model. */
    boolean generates(String model) throws IOException, InterruptedException {
        var response = http.send(request("/v1/models/" + model).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && "text-generation".equals(json.readTree(response.body()).path("kind").asText());
    }

    int submit(Path file, String model, int maxTokens, double temperature, boolean wait, Path out, PrintStream log)
            throws IOException, InterruptedException {
        var lines = new StringBuilder();
        int count = 0;
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode input = json.readTree(line);
            String customId = input.path("custom_id").asText("line-" + (count + 1));
            Map<String, Object> body = Map.of("model", model, "max_tokens", maxTokens, "temperature", temperature,
                    "seed", count, "messages", List.of(Map.of("role", "user", "content", input.path("input").asText())));
            lines.append(json.writeValueAsString(Map.of("custom_id", customId, "method", "POST",
                    "url", "/v1/chat/completions", "body", body))).append('\n');
            count++;
        }
        String fileId = json.readTree(upload(lines.toString())).get("id").asText();
        JsonNode batch = post("/v1/batches", Map.of("input_file_id", fileId, "endpoint", "/v1/chat/completions",
                "completion_window", "24h"));
        String id = batch.get("id").asText();
        log.printf("batch %s accepted: %d prompts for %s%n", id, count, model);
        if (!wait && out == null) {
            return 0;
        }
        while (!List.of("completed", "failed", "expired", "cancelled").contains(batch.get("status").asText())) {
            Thread.sleep(Duration.ofMillis(500));
            batch = get("/v1/batches/" + id);
        }
        JsonNode counts = batch.get("request_counts");
        log.printf("batch %s %s: %d completed, %d failed%n", id, batch.get("status").asText(),
                counts.get("completed").asInt(), counts.get("failed").asInt());
        if (out != null && batch.hasNonNull("output_file_id")) {
            Files.write(out, content(batch.get("output_file_id").asText()));
            log.println("answers written to " + out.toAbsolutePath());
        }
        if (out != null && batch.hasNonNull("error_file_id")) {
            Path errors = out.resolveSibling(out.getFileName() + ".errors.jsonl");
            Files.write(errors, content(batch.get("error_file_id").asText()));
            log.println("failed prompts listed in " + errors.toAbsolutePath());
        }
        if (batch.hasNonNull("errors")) {
            log.println("the batch was refused: " + batch.get("errors"));
        }
        return "completed".equals(batch.get("status").asText()) && counts.get("failed").asInt() == 0 ? 0 : 3;
    }

    private String upload(String content) throws IOException, InterruptedException {
        String boundary = "tf" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"prompts.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return check(http.send(request("/v1/files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return json.readTree(check(http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString())));
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return json.readTree(check(http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString())));
    }

    private byte[] content(String fileId) throws IOException, InterruptedException {
        var response = http.send(request("/v1/files/" + fileId + "/content").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new JobClient.RequestFailed(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(base.resolve(path));
        return apiKey == null ? builder : builder.header("Authorization", "Bearer " + apiKey);
    }

    private static String check(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new JobClient.RequestFailed(response.statusCode(), response.body());
        }
        return response.body();
    }
}
