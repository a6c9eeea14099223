package io.terafleet.core.api;

import java.util.List;

/**
 * Hands a unit back at once (the car is needed), with whatever inputs it finished and the energy spent on this
 * lease (watt-hours, including an aborted batch; null from older agents); the coordinator keeps those and requeues
 * the rest. {@code reason} is the eligibility reason code, e.g. {@code not_plugged_in}.
 */
public record ReleaseRequest(String leaseId, List<InputResult> partialResults, String reason, Double energyWh) {

    public ReleaseRequest(String leaseId, List<InputResult> partialResults, String reason) {
        this(leaseId, partialResults, reason, null);
    }
}
