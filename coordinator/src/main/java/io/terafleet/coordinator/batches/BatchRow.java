package io.terafleet.coordinator.batches;

/**
 * A batch as stored. Counts and final timestamps are written when the batch ends; until then they are read
 * from its job. {@code errorsJson} holds the validation errors of a batch that failed before it ran. {@code apiKey}:
 * the prefix of the API key that created it, which its job and its charges name (null: none).
 */
public record BatchRow(String id, String tenantId, String endpoint, String inputFileId, String completionWindow,
                       String model, String jobId, BatchStatus status, String outputFileId, String errorFileId,
                       String errorsJson, String metadataJson, int total, int completed, int failed, long createdAt,
                       long expiresAt, Long finalizingAt, Long endedAt, Long cancellingAt, String apiKey) {
}
