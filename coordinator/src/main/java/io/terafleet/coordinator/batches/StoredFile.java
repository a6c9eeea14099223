package io.terafleet.coordinator.batches;

/** A file of the Files API: its owner, purpose ({@code batch}, {@code batch_output}) and size. */
public record StoredFile(String id, String tenantId, String purpose, String filename, long bytes, long createdAt) {
}
