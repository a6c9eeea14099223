package io.terafleet.coordinator.online;

import java.time.Duration;

/**
 * How online requests are routed; validated at construction, errors name the field.
 *
 * @param requestTimeout how long one car may take to answer before the request goes to another (and the car is
 *                       left out as silent, {@link CarHealth}); 1 s by default, far above an embedding's compute
 * @param attempts       cars tried per request, at most
 * @param admissionWait  how long a request waits for a ready car when every car holding the model is busy
 * @param maxPollWait    the longest an agent's poll may wait for a request
 * @param maxQueued      requests per model that may wait for a busy car; more are refused at once (429)
 * @param maxBatch       texts of concurrent embedding requests for one model merged into one car call, at most
 *                       (1: no batching)
 * @param maxBatchDelay  how long the first request of a batch waits for others to join it
 */
public record OnlineConfig(Duration requestTimeout, int attempts, Duration admissionWait, Duration maxPollWait,
                           int maxQueued, int maxBatch, Duration maxBatchDelay) {
    public static final int DEFAULT_MAX_QUEUED = 256;
    public static final OnlineConfig DEFAULTS = new OnlineConfig(Duration.ofSeconds(1), 3, Duration.ofSeconds(2),
            Duration.ofSeconds(20));

    /** With the default queue bound, {@link #DEFAULT_MAX_QUEUED}. */
    public OnlineConfig(Duration requestTimeout, int attempts, Duration admissionWait, Duration maxPollWait) {
        this(requestTimeout, attempts, admissionWait, maxPollWait, DEFAULT_MAX_QUEUED);
    }

    /** Without batching. */
    public OnlineConfig(Duration requestTimeout, int attempts, Duration admissionWait, Duration maxPollWait,
                        int maxQueued) {
        this(requestTimeout, attempts, admissionWait, maxPollWait, maxQueued, 1, Duration.ofMillis(2));
    }

    public OnlineConfig withMaxQueued(int bound) {
        return new OnlineConfig(requestTimeout, attempts, admissionWait, maxPollWait, bound, maxBatch, maxBatchDelay);
    }

    /** Embedding requests merged up to {@code texts} per car call, waiting at most {@code delay} for company. */
    public OnlineConfig withBatching(int texts, Duration delay) {
        return new OnlineConfig(requestTimeout, attempts, admissionWait, maxPollWait, maxQueued, texts, delay);
    }

    public OnlineConfig {
        require(requestTimeout != null && requestTimeout.toMillis() >= 10, "requestTimeout", "must be at least 10 ms");
        require(attempts >= 1 && attempts <= 10, "attempts", "must be within 1..10, was " + attempts);
        require(admissionWait != null && !admissionWait.isNegative(), "admissionWait", "must be ≥ 0");
        require(maxPollWait != null && !maxPollWait.isNegative() && maxPollWait.compareTo(Duration.ofSeconds(60)) <= 0,
                "maxPollWait", "must be within 0..60 s");
        require(maxBatch >= 1 && maxBatch <= 2048, "maxBatch", "must be within 1..2048, was " + maxBatch);
        require(maxBatchDelay != null && !maxBatchDelay.isNegative() && maxBatchDelay.compareTo(Duration.ofSeconds(10)) <= 0,
                "maxBatchDelay", "must be within 0..10 s");
        require(maxQueued >= 0 && maxQueued <= 100_000, "maxQueued", "must be within 0..100000, was " + maxQueued);
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": " + message);
        }
    }
}
