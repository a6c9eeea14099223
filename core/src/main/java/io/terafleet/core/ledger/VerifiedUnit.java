package io.terafleet.core.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A unit whose results were verified, ready to settle.
 *
 * @param payer           who pays: the job's customer; the platform's fee account for a canary (so that a
 *                        canary pays its owner exactly like customer work and costs the platform)
 * @param inputsDelivered inputs the customer got a verified result for (failed inputs are not charged)
 * @param valid           the results the quorum (or a canary check) found valid; only their owners are paid
 */
public record VerifiedUnit(String unitId, String jobId, Account payer, String model, long inputsDelivered,
                           List<VerifiedWork> valid, Instant verifiedAt) {
    public VerifiedUnit {
        requireText(unitId, "unitId");
        requireText(jobId, "jobId");
        Objects.requireNonNull(payer, "payer: must not be null");
        if (payer.type() != AccountType.CUSTOMER && payer.type() != AccountType.PLATFORM_FEES) {
            throw new IllegalArgumentException("payer: a customer, or the platform for a canary; was " + payer);
        }
        requireText(model, "model");
        if (inputsDelivered < 0) {
            throw new IllegalArgumentException("inputsDelivered: must be ≥ 0, was " + inputsDelivered);
        }
        valid = List.copyOf(Objects.requireNonNull(valid, "valid: must not be null"));
        Objects.requireNonNull(verifiedAt, "verifiedAt: must not be null");
    }

    /** The key under which this unit's settlement is stored: one settlement per unit, ever. */
    public String settlementKey() {
        return "settle:" + unitId;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank() || value.length() > 180) {
            throw new IllegalArgumentException(field + ": 1 to 180 characters, was " + value);
        }
    }
}
