package io.terafleet.core.api;

import java.util.List;

/**
 * Results for every input of a unit, with the time the car spent computing them and the energy that took
 * (hardware watts × compute time, in watt-hours; null from older agents). The energy is what the owner is paid for.
 * {@code signature} is the car's Ed25519 signature (base64) of the completion's
 * {@link io.terafleet.core.identity.ResultDigest} (kind {@code complete}); required of a car that enrolled with a
 * public key.
 */
public record CompleteRequest(String leaseId, List<InputResult> results, long computeMillis, Double energyWh,
                              String signature) {

    public CompleteRequest(String leaseId, List<InputResult> results, long computeMillis, Double energyWh) {
        this(leaseId, results, computeMillis, energyWh, null);
    }

    public CompleteRequest(String leaseId, List<InputResult> results, long computeMillis) {
        this(leaseId, results, computeMillis, null, null);
    }

    /** The same completion, signed. */
    public CompleteRequest signed(String signatureBase64) {
        return new CompleteRequest(leaseId, results, computeMillis, energyWh, signatureBase64);
    }
}
