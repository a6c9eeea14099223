package io.terafleet.core.api;

/** Keeps a lease alive and reports how many of the unit's inputs are done. */
public record HeartbeatRequest(String leaseId, int processed) {
}
