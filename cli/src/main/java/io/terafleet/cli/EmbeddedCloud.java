package io.terafleet.cli;

import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.tenants.TenantLimits;

/** The cloud settings of a coordinator that a demo or a benchmark runs inside its own process. */
final class EmbeddedCloud {
    /**
     * No rate limit or daily quota for the run's own tenant: the only caller is the command itself, and a benchmark
     * that throttled itself would measure the limiter.
     */
    static final TenantLimits UNTHROTTLED = new TenantLimits(1_000_000, 1_000_000, Long.MAX_VALUE);

    private EmbeddedCloud() {
    }

    static CloudConfig config(DatabaseConfig database) {
        return CloudConfig.embedded(database).withDefaultLimits(UNTHROTTLED);
    }
}
