package io.terafleet.agent.work;

/**
 * One unit handed back because the car stopped being eligible while it ran. Times are {@link System#nanoTime()}
 * stamps, so that whoever changed the signals can measure from their own stamp: to {@code inferenceStoppedNanos}
 * (the embed call in flight returned or was aborted; the detection itself when none was in flight) and to
 * {@code releaseAckedNanos} (the coordinator answered the release, so the rest of the unit is queued again;
 * -1 when the release failed and the lease is left to expire).
 *
 * @param reason                the eligibility reason code sent with the release
 * @param abortedInference      whether an ONNX Runtime call was terminated mid-run
 * @param inputsDone            inputs finished and handed back as partial results
 */
public record Preemption(String unitId, String reason, long detectedNanos, long inferenceStoppedNanos,
                         long releaseAckedNanos, boolean abortedInference, int inputsDone) {
}
