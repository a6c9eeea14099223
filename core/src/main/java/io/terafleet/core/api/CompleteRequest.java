package io.terafleet.core.api;

import java.util.List;

/**
 * Results for every input of a unit, with the time the car spent computing them and the energy that took
 * (hardware watts × compute time, in watt-hours; null from older agents). The energy is what the owner is paid for.
 */
public record CompleteRequest(String leaseId, List<InputResult> results, long computeMillis, Double energyWh) {

    public CompleteRequest(String leaseId, List<InputResult> results, long computeMillis) {
        this(leaseId, results, computeMillis, null);
    }
}
