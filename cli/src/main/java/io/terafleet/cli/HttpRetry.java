package io.terafleet.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Sends a request again when the answer says "later": the coordinator could not be reached (down or restarting),
 * it answered 429 or 503 (waiting its {@code Retry-After} when given), or 502/504 from a proxy in front of it.
 * Backoff doubles from {@link Policy#firstBackoff()} to {@link Policy#maxBackoff()}; the whole try gives up after
 * {@link Policy#giveUpAfter()}. A request that may have reached the coordinator is resent only when it is
 * idempotent (a GET): a POST is resent only when its connection was refused, so a job is never submitted twice.
 */
final class HttpRetry {
    private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);

    /** How long and how often to try. */
    record Policy(Duration giveUpAfter, Duration firstBackoff, Duration maxBackoff) {
        Policy {
            if (giveUpAfter == null || giveUpAfter.isNegative()) {
                throw new IllegalArgumentException("giveUpAfter: must be zero or more, was " + giveUpAfter);
            }
            if (firstBackoff == null || firstBackoff.isNegative() || firstBackoff.isZero()) {
                throw new IllegalArgumentException("firstBackoff: must be positive, was " + firstBackoff);
            }
            if (maxBackoff == null || maxBackoff.compareTo(firstBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff: must be at least firstBackoff, was " + maxBackoff);
            }
        }

        /** Ordinary calls: a short outage or a rate limit is ridden out, a coordinator that is not there is not. */
        static final Policy DEFAULT = new Policy(Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofSeconds(2));
        /** No retry at all. */
        static final Policy NONE = new Policy(Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(1));

        /** Waiting on a job: a coordinator restart (or a few) is ridden out. */
        static Policy reconnecting(Duration giveUpAfter) {
            return new Policy(giveUpAfter, Duration.ofMillis(250), Duration.ofSeconds(5));
        }
    }

    /** The coordinator could not be reached within the policy's time. */
    static final class Unreachable extends IOException {
        private final URI uri;

        Unreachable(URI uri, int attempts, Duration tried, Throwable cause) {
            super("cannot reach the coordinator at " + origin(uri) + " (" + describe(cause) + (attempts > 1
                    ? ", " + attempts + " attempts over " + tried.toSeconds() + " s" : "") + ")", cause);
            this.uri = uri;
        }

        URI uri() {
            return uri;
        }
    }

    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final HttpClient http;
    private final Policy policy;
    private final Sleeper sleeper;
    private final Consumer<String> onRetry;

    HttpRetry(HttpClient http, Policy policy, Sleeper sleeper, Consumer<String> onRetry) {
        this.http = http;
        this.policy = policy;
        this.sleeper = sleeper;
        this.onRetry = onRetry;
    }

    HttpRetry withPolicy(Policy other, Consumer<String> listener) {
        return new HttpRetry(http, other, sleeper, listener);
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        boolean idempotent = request.method().equals("GET") || request.method().equals("HEAD");
        long start = System.nanoTime();
        Duration backoff = policy.firstBackoff();
        for (int attempt = 1; ; attempt++) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Duration left = policy.giveUpAfter().minus(elapsed);
            Duration wait;
            String why;
            try {
                HttpResponse<T> response = http.send(request, handler);
                if (!RETRYABLE.contains(response.statusCode())) {
                    return response;
                }
                Duration retryAfter = retryAfter(response);
                wait = retryAfter == null ? backoff : retryAfter;
                if (wait.compareTo(left) > 0) {
                    return response; // the caller reports it, with the coordinator's own words
                }
                why = "HTTP " + response.statusCode();
            } catch (IOException e) {
                boolean retryable = refused(e) || (idempotent && !(e instanceof Unreachable));
                if (!retryable || backoff.compareTo(left) > 0) {
                    throw refused(e) || idempotent ? new Unreachable(request.uri(), attempt, elapsed, e) : e;
                }
                wait = backoff;
                why = describe(e);
            }
            onRetry.accept(why + "; trying again in " + millis(wait));
            sleeper.sleep(wait);
            backoff = min(backoff.multipliedBy(2), policy.maxBackoff());
        }
    }

    /** The connection was never made, so the request was certainly not received. */
    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                    || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
            } catch (NumberFormatException e) {
                return null; // an HTTP date: our coordinator never sends one; fall back to backoff
            }
        }).orElse(null);
    }

    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static String millis(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
