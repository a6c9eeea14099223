package io.terafleet.core.api;

import java.util.List;

/**
 * Hands a unit back at once (the car is needed), with whatever inputs it finished and the energy spent on this
 * lease (watt-hours, including an aborted batch; null from older agents); the coordinator keeps those and requeues
 * the rest. {@code reason} is the eligibility reason code, e.g. {@code not_plugged_in}. {@code signature} signs the
 * finished inputs and energy ({@link io.terafleet.core.identity.ResultDigest}, kind {@code release}); required of
 * a car that enrolled with a public key when it hands back results.
 */
public record ReleaseRequest(String leaseId, List<InputResult> partialResults, String reason, Double energyWh,
                             String signature) {

    public ReleaseRequest(String leaseId, List<InputResult> partialResults, String reason, Double energyWh) {
        this(leaseId, partialResults, reason, energyWh, null);
    }

    public ReleaseRequest(String leaseId, List<InputResult> partialResults, String reason) {
        this(leaseId, partialResults, reason, null, null);
    }
}
