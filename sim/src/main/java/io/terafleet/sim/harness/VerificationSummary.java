package io.terafleet.sim.harness;

/**
 * What verification did in a run.
 *
 * @param validVerdicts    replicas judged valid
 * @param invalidVerdicts  replicas judged invalid (errors caught)
 * @param liars            lying cars in the fleet
 * @param liarsQuarantined of them, quarantined by the end
 * @param liarsPaid        of them, with credit left unpaid-but-owed at the end (must be 0 once quarantined)
 * @param errorsCaught     wrong answers found, by quorum or by canary (the cars' strikes)
 */
public record VerificationSummary(long validVerdicts, long invalidVerdicts, int liars, int liarsQuarantined,
                                  int liarsPaid, long errorsCaught) {
    public static final VerificationSummary NONE = new VerificationSummary(0, 0, 0, 0, 0, 0);
}
