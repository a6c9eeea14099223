package io.terafleet.coordinator.tenants;

/** A customer: everything it stores (jobs, files, batches) is visible to it alone. */
public record Tenant(String id, String name, TenantLimits limits, long createdAt) {
    /** The tenant of callers without a key, where the coordinator allows them (the embedded demo, tests). */
    public static final String DEFAULT_ID = "default";
}
