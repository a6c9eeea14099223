package io.terafleet.agent.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.terafleet.core.api.CarStatus;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.EnrollRequest;
import io.terafleet.core.api.EnrollResponse;
import io.terafleet.core.api.HeartbeatRequest;
import io.terafleet.core.api.HeartbeatResponse;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeaseResponse;
import io.terafleet.core.api.ModelDescriptor;
import io.terafleet.core.api.OnlinePoll;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import java.nio.file.Path;
import io.terafleet.core.api.ReleaseRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The car's side of the agent API: plain JSON over HTTP, authenticated by the car's credential. */
public final class CoordinatorClient implements OnlineLink {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** The longest Retry-After the agent honours. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    private final URI base;
    private final HttpClient http;
    private final ObjectMapper json;
    private volatile String credential;

    public CoordinatorClient(URI base) {
        this(base, null);
    }

    /** @param caCert the CA that must have issued the coordinator's certificate (PEM or DER); null: the JDK's roots */
    public CoordinatorClient(URI base, java.nio.file.Path caCert) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        var builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (caCert != null) {
            builder.sslContext(PinnedCa.sslContext(caCert));
        }
        this.http = builder.build();
        this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public EnrollResponse enroll(EnrollRequest request) {
        EnrollResponse response = post("v1/agent/enroll", request, EnrollResponse.class, Duration.ZERO);
        credential = response.credential();
        return response;
    }

    /** The coordinator's base address (ending in a slash). */
    URI base() {
        return base;
    }

    HttpClient http() {
        return http;
    }

    String credential() {
        return credential;
    }

    /** Uses a credential from an earlier enrollment instead of enrolling again. */
    public void useCredential(String credential) {
        this.credential = credential;
    }

    public LeaseResponse lease(LeaseRequest request) {
        return post("v1/agent/lease", request, LeaseResponse.class, Duration.ofMillis(request.waitMillis()));
    }

    public HeartbeatResponse heartbeat(HeartbeatRequest request) {
        return post("v1/agent/heartbeat", request, HeartbeatResponse.class, Duration.ZERO);
    }

    public CompleteResponse complete(CompleteRequest request) {
        return post("v1/agent/complete", request, CompleteResponse.class, Duration.ZERO);
    }

    /**
     * Several completions in one call; one outcome each, in order, and the next lease when the request carries one
     * (the call then waits as a lease call does).
     */
    public io.terafleet.core.api.CompleteBatchResponse completeAll(io.terafleet.core.api.CompleteBatchRequest request) {
        return post("v1/agent/complete-batch", request, io.terafleet.core.api.CompleteBatchResponse.class,
                request.next() == null ? Duration.ZERO : Duration.ofMillis(request.next().waitMillis()));
    }

    /** Tells the coordinator the car's decision changed (e.g. not eligible: not_plugged_in). */
    public void reportStatus(CarStatus status) {
        post("v1/agent/status", status, Void.class, Duration.ZERO);
    }

    /** The car's periodic report; the answer carries the owner's newer policy, if any. */
    public io.terafleet.core.api.CarReportAnswer report(io.terafleet.core.api.CarReport report) {
        return post("v1/agent/report", report, io.terafleet.core.api.CarReportAnswer.class, Duration.ZERO);
    }

    public void release(ReleaseRequest request) {
        post("v1/agent/release", request, Void.class, Duration.ZERO);
    }

    /** The registry's descriptor of a model; a 404 (not registered) comes back as a non-retryable error. */
    public ModelDescriptor model(String name) {
        HttpResponse<byte[]> response = get("v1/agent/models/" + encode(name), HttpResponse.BodyHandlers.ofByteArray());
        return read("v1/agent/models", check("v1/agent/models/" + name, response), ModelDescriptor.class);
    }

    /** Streams one file of a registered model into {@code target} (the caller verifies its hash). */
    public void downloadModelFile(String name, String sha256, Path target) {
        String path = "v1/agent/models/" + encode(name) + "/files/" + sha256;
        HttpResponse<Path> response = get(path, HttpResponse.BodyHandlers.ofFile(target));
        if (response.statusCode() / 100 != 2) {
            throw new CoordinatorException(path + " answered " + response.statusCode(), response.statusCode(),
                    response.statusCode() >= 500, null);
        }
    }

    /** Waits (long-poll) for an online request; null when none came. */
    public OnlineTask onlinePoll(OnlinePoll poll) {
        return post("v1/agent/online/poll", poll, OnlineTask.class, Duration.ofMillis(poll.waitMillis()));
    }

    /** Streams generated tokens; false when the request no longer waits for this car (it went elsewhere). */
    public boolean onlineTokens(String requestId, io.terafleet.core.api.TokenChunk chunk) {
        try {
            post("v1/agent/online/" + encode(requestId) + "/tokens", chunk, Void.class, Duration.ZERO);
            return true;
        } catch (CoordinatorException e) {
            if (e.status() == 410) {
                return false;
            }
            throw e;
        }
    }

    /** @return false when the request no longer waits for this car (it timed out and went elsewhere) */
    public boolean onlineAnswer(String requestId, OnlineResult result) {
        try {
            post("v1/agent/online/" + encode(requestId) + "/result", result, Void.class, Duration.ZERO);
            return true;
        } catch (CoordinatorException e) {
            if (e.status() == 410) {
                return false;
            }
            throw e;
        }
    }

    private <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> handler) {
        try {
            var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(CALL_TIMEOUT.multipliedBy(20)).GET();
            if (credential != null) {
                builder.header("Authorization", "Bearer " + credential);
            }
            return http.send(builder.build(), handler);
        } catch (IOException e) {
            throw new CoordinatorException(path + " failed: " + e, 0, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinatorException(path + " interrupted", 0, false, e);
        }
    }

    private static byte[] check(String path, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw failure(path, response);
        }
        return response.body();
    }

    private static CoordinatorException failure(String path, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        boolean retryable = status >= 500 || status == 429 || status == 408;
        Duration retryAfter = status == 429 || status == 503
                ? retryAfter(response.headers().firstValue("Retry-After").orElse(null)) : null;
        return new CoordinatorException(path + " answered " + status + ": " + new String(response.body()),
                status, retryable, null, retryAfter);
    }

    /**
     * A Retry-After in seconds (the form the coordinator sends), at most {@link #MAX_RETRY_AFTER} so that a wrong
     * header cannot park a car for hours; null when absent or not a number of seconds (then the caller's backoff).
     */
    public static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            if (seconds < 0) {
                return null;
            }
            return seconds > MAX_RETRY_AFTER.toSeconds() ? MAX_RETRY_AFTER : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private <T> T read(String path, byte[] body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new CoordinatorException(path + " answered an unreadable body", 200, false, e);
        }
    }

    private static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <T> T post(String path, Object body, Class<T> type, Duration serverWait) {
        HttpResponse<byte[]> response = send(path, body, serverWait);
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw failure(path, response);
        }
        if (type == Void.class || response.body().length == 0) {
            return null;
        }
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new CoordinatorException(path + " answered an unreadable body", status, false, e);
        }
    }

    private HttpResponse<byte[]> send(String path, Object body, Duration serverWait) {
        try {
            var builder = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(CALL_TIMEOUT.plus(serverWait))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            if (credential != null) {
                builder.header("Authorization", "Bearer " + credential);
            }
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CoordinatorException(path + " failed: " + e, 0, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinatorException(path + " interrupted", 0, false, e);
        }
    }
}
