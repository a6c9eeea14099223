package io.terafleet.core.api;

/**
 * {@code outcome}: {@code accepted} (stored now), {@code duplicate} (already stored: a unit completed
 * twice is stored once), {@code lease_lost} (another car holds or finished the unit), or {@code rejected} (the
 * results break the model's signature: wrong shape, not finite, not unit length; nothing stored, the lease ended).
 */
public record CompleteResponse(String outcome) {
    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";
    public static final String LEASE_LOST = "lease_lost";
    public static final String REJECTED = "rejected";
}
