package io.terafleet.coordinator.tenants;

/**
 * What one tenant may use; validated at construction, errors name the field.
 *
 * @param requestsPerSecond steady request rate on the customer APIs
 * @param burst             requests allowed at once above the steady rate
 * @param inputsPerDay      texts (online inputs and batch lines) per day, refilled continuously
 */
public record TenantLimits(double requestsPerSecond, int burst, long inputsPerDay) {
    public static final TenantLimits DEFAULTS = new TenantLimits(100, 200, 10_000_000);

    public TenantLimits {
        if (!(requestsPerSecond > 0 && requestsPerSecond <= 1_000_000)) {
            throw new IllegalArgumentException("requestsPerSecond: must be within (0, 1000000], was " + requestsPerSecond);
        }
        if (burst < 1 || burst > 1_000_000) {
            throw new IllegalArgumentException("burst: must be within 1..1000000, was " + burst);
        }
        if (inputsPerDay < 1) {
            throw new IllegalArgumentException("inputsPerDay: must be at least 1, was " + inputsPerDay);
        }
    }
}
