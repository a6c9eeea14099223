package io.terafleet.coordinator.owners;

/**
 * A car owner's account. {@code keyPrefix} names its key without revealing it; {@code revokedAt} is null while
 * the key is valid.
 *
 * @param createdAt epoch milliseconds
 * @param revokedAt epoch milliseconds, or null
 */
public record Owner(String id, String name, String keyPrefix, long createdAt, Long revokedAt) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
