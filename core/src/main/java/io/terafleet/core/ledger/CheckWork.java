package io.terafleet.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * The work a car did checking other cars' generated answers: a teacher-forced pass over the prompts and answers it
 * re-scored, or a second decode that confirmed an answer. Nobody buys a check: the platform pays for it.
 *
 * @param checkId          the check (its unit): the car is paid for it once
 * @param leaseId          the lease the check ran under, which the owner's credit points at (and the energy bound)
 * @param promptTokens     tokens the car processed without generating them (prompts, and re-scored answers)
 * @param completionTokens tokens the car generated (a replica check's answer), else 0
 * @param milliWh          the energy the lease was paid, bounded as any lease's (board power × observed time)
 */
public record CheckWork(String checkId, String leaseId, String carId, String ownerId, String model,
                        long promptTokens, long completionTokens, long milliWh, long microsPerKwh,
                        Instant checkedAt) {
    public CheckWork {
        if (checkId == null || checkId.isBlank() || checkId.length() > 150) {
            throw new IllegalArgumentException("checkId: 1 to 150 characters, was " + checkId);
        }
        if (leaseId == null || leaseId.isBlank() || leaseId.length() > 200) {
            throw new IllegalArgumentException("leaseId: 1 to 200 characters, was " + leaseId);
        }
        Account.requireId(carId, "carId");
        Account.requireId(ownerId, "ownerId");
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model: must not be empty");
        }
        if (promptTokens < 0 || completionTokens < 0 || milliWh < 0 || microsPerKwh < 0) {
            throw new IllegalArgumentException("promptTokens, completionTokens, milliWh, microsPerKwh: must be ≥ 0,"
                    + " were " + promptTokens + ", " + completionTokens + ", " + milliWh + ", " + microsPerKwh);
        }
        Objects.requireNonNull(checkedAt, "checkedAt: must not be null");
    }

    /** The key its payment is stored under: a check is paid once. */
    public String settlementKey() {
        return "settle:check:" + checkId;
    }
}
