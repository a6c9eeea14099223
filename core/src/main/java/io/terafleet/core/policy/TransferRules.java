package io.terafleet.core.policy;

import io.terafleet.core.vehicle.Connectivity;
import io.terafleet.core.vehicle.Eligibility;
import io.terafleet.core.vehicle.ReasonCodes;

/**
 * Whether data (model downloads, inputs, results) may move now. Separate from compute eligibility: a car may
 * compute on what it already holds while a transfer waits for Wi-Fi.
 */
public final class TransferRules {
    private TransferRules() {
    }

    public static Eligibility mayTransfer(OwnerPolicy policy, long bytes, Connectivity connectivity,
                                          long cellularBytesUsedThisMonth) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: must be ≥ 0, was " + bytes);
        }
        return switch (connectivity) {
            case NONE -> new Eligibility.NotEligible(ReasonCodes.NO_CONNECTIVITY, "the car is offline");
            case WIFI -> Eligibility.ELIGIBLE;
            case CELLULAR -> overCellular(policy, bytes, cellularBytesUsedThisMonth);
        };
    }

    private static Eligibility overCellular(OwnerPolicy policy, long bytes, long usedThisMonth) {
        if (policy.wifiOnlyTransfers()) {
            return new Eligibility.NotEligible(ReasonCodes.WIFI_ONLY,
                    "the owner allows transfers over Wi-Fi only and the car is on cellular");
        }
        Long cap = policy.monthlyCellularCapBytes();
        if (cap != null && (bytes > cap - usedThisMonth)) {
            return new Eligibility.NotEligible(ReasonCodes.CELLULAR_CAP_REACHED, "moving " + bytes
                    + " bytes would exceed the monthly cellular cap of " + cap + " bytes (" + usedThisMonth
                    + " used)");
        }
        return Eligibility.ELIGIBLE;
    }
}
