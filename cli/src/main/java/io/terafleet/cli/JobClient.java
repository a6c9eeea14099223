package io.terafleet.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.terafleet.core.api.JobStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A customer's client for the batch job API, over plain HTTP. What is retryable (connection refused, 429, 503) is
 * retried with backoff within a bound ({@link HttpRetry}).
 */
public final class JobClient {
    private final URI base;
    private final HttpRetry http;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String apiKey;

    public JobClient(URI base) {
        this(base, null);
    }

    /** @param apiKey the tenant's key, sent as {@code Authorization: Bearer}; null for an embedded coordinator */
    public JobClient(URI base, String apiKey) {
        this(base, apiKey, (java.nio.file.Path) null);
    }

    /** @param caCert the CA that must have issued an HTTPS coordinator's certificate; null: the JDK's roots */
    public JobClient(URI base, String apiKey, java.nio.file.Path caCert) {
        this(base, apiKey, new HttpRetry(PinnedHttp.client(caCert), HttpRetry.Policy.DEFAULT, Thread::sleep,
                why -> { }));
    }

    private JobClient(URI base, String apiKey, HttpRetry http) {
        this.base = base;
        this.apiKey = apiKey;
        this.http = http;
    }

    /** The same client with another retry policy; {@code onRetry} hears why each retry happens. */
    JobClient withRetry(HttpRetry.Policy policy, java.util.function.Consumer<String> onRetry) {
        return new JobClient(base, apiKey, http.withPolicy(policy, onRetry));
    }

    public URI base() {
        return base;
    }

    private HttpRequest.Builder request(URI uri) {
        var builder = HttpRequest.newBuilder(uri);
        return apiKey == null ? builder : builder.header("Authorization", "Bearer " + apiKey);
    }

    /** A refusal from the coordinator, with its problem+json body. */
    public static final class RequestFailed extends RuntimeException {
        private final int status;
        private final String body;
        private final Duration retryAfter;

        RequestFailed(int status, String body) {
            this(status, body, null);
        }

        RequestFailed(int status, String body, Duration retryAfter) {
            super("HTTP " + status + ": " + body);
            this.status = status;
            this.body = body;
            this.retryAfter = retryAfter;
        }

        public int status() {
            return status;
        }

        /** The problem's {@code detail} (or the OpenAI envelope's message), else the body itself. */
        public String detail() {
            return ProblemText.detail(body, status);
        }

        /** When the coordinator said to try again, if it did. */
        public java.util.Optional<Duration> retryAfter() {
            return java.util.Optional.ofNullable(retryAfter);
        }
    }

    public JobStatus submit(HttpRequest.BodyPublisher jsonl, String model) throws IOException, InterruptedException {
        var request = request(base.resolve("/v1/jobs?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8)))
                .header("Content-Type", "application/jsonl").POST(jsonl).build();
        return json.readValue(check(http.send(request, HttpResponse.BodyHandlers.ofByteArray())), JobStatus.class);
    }

    public JobStatus submitFile(Path file, String model) throws IOException, InterruptedException {
        return submit(HttpRequest.BodyPublishers.ofFile(file), model);
    }

    public JobStatus status(String jobId) throws IOException, InterruptedException {
        var request = request(base.resolve("/v1/jobs/" + jobId)).GET().build();
        return json.readValue(check(http.send(request, HttpResponse.BodyHandlers.ofByteArray())), JobStatus.class);
    }

    public JobStatus submit(HttpRequest.BodyPublisher jsonl, String model, String query)
            throws IOException, InterruptedException {
        var request = request(base.resolve("/v1/jobs?model=" + URLEncoder.encode(model,
                        StandardCharsets.UTF_8) + (query == null || query.isEmpty() ? "" : "&" + query)))
                .header("Content-Type", "application/jsonl").POST(jsonl).build();
        return json.readValue(check(http.send(request, HttpResponse.BodyHandlers.ofByteArray())), JobStatus.class);
    }

    /** Writes the job's results (inputs with an embedding), in input order, to {@code out}. */
    public void downloadResults(String jobId, Path out) throws IOException, InterruptedException {
        download(jobId, "results", out);
    }

    /** Writes the job's errors (inputs that failed, with why), in input order, to {@code out}. */
    public void downloadErrors(String jobId, Path out) throws IOException, InterruptedException {
        download(jobId, "errors", out);
    }

    private void download(String jobId, String stream, Path out) throws IOException, InterruptedException {
        var request = request(base.resolve("/v1/jobs/" + jobId + "/" + stream)).GET().build();
        Path target = out.toAbsolutePath();
        java.nio.file.Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        var response = http.send(request, HttpResponse.BodyHandlers.ofFile(partial));
        if (response.statusCode() != 200) {
            String body = java.nio.file.Files.readString(partial);
            java.nio.file.Files.deleteIfExists(partial);
            throw new RequestFailed(response.statusCode(), body, HttpRetry.retryAfter(response));
        }
        java.nio.file.Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static byte[] check(HttpResponse<byte[]> response) {
        if (response.statusCode() / 100 != 2) {
            throw new RequestFailed(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8),
                    HttpRetry.retryAfter(response));
        }
        return response.body();
    }
}
