package io.terafleet.agent.work;

/** What one car has done so far; a snapshot. */
public record AgentStats(long unitsCompleted, long unitsReleased, long unitsLost, long inputsCompleted,
                         long computeNanos) {
}
