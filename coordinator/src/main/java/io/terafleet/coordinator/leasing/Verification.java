package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.ledger.LedgerConfig;
import io.terafleet.core.verification.AdaptiveReplication;
import io.terafleet.core.verification.OutputKind;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;

/**
 * How the coordinator checks cars' work and pays for it: the comparison tolerance, trust rules, canaries, and the
 * ledger's prices. Each job chooses its own replication (see {@link io.terafleet.coordinator.jobs.JobSpec}); these
 * settings are the fleet's.
 *
 * @param output           how two results are compared (embeddings: cosine ≥ 0.98)
 * @param trust            adaptive replication and quarantine rules
 * @param canaryRate       chance that a vetted car's lease is a canary unit instead of customer work
 * @param canaryInputs     inputs in a canary unit
 * @param ledger           prices and the owners' share
 * @param microsPerKwh     the energy price at which owners' energy is reimbursed
 * @param random           spot checks and canary draws (seeded in simulation)
 * @param jobIds           ids for canary jobs, drawn like customers' job ids so that cars cannot tell them apart
 * @param probation        when a granted owner's cars leave probation, and their canary rate until then
 */
public record Verification(OutputKind output, AdaptiveReplication trust, double canaryRate, int canaryInputs,
                           LedgerConfig ledger, long microsPerKwh, Random random, Supplier<String> jobIds,
                           io.terafleet.core.verification.OwnerProbation probation) {
    /** With the default probation for new owners. */
    public Verification(OutputKind output, AdaptiveReplication trust, double canaryRate, int canaryInputs,
                        LedgerConfig ledger, long microsPerKwh, Random random, Supplier<String> jobIds) {
        this(output, trust, canaryRate, canaryInputs, ledger, microsPerKwh, random, jobIds,
                io.terafleet.core.verification.OwnerProbation.defaults());
    }

    public Verification {
        Objects.requireNonNull(probation, "probation: must be set");
        Objects.requireNonNull(output, "output: must be set");
        Objects.requireNonNull(trust, "trust: must be set");
        if (!(canaryRate >= 0 && canaryRate <= 0.5)) {
            throw new IllegalArgumentException("canaryRate: must be within [0, 0.5], was " + canaryRate);
        }
        if (canaryInputs < 1) {
            throw new IllegalArgumentException("canaryInputs: must be at least 1, was " + canaryInputs);
        }
        Objects.requireNonNull(ledger, "ledger: must be set");
        if (microsPerKwh < 0) {
            throw new IllegalArgumentException("microsPerKwh: must not be negative, was " + microsPerKwh);
        }
        Objects.requireNonNull(random, "random: must be set");
        Objects.requireNonNull(jobIds, "jobIds: must be set");
    }

    public Verification withProbation(io.terafleet.core.verification.OwnerProbation rules) {
        return new Verification(output, trust, canaryRate, canaryInputs, ledger, microsPerKwh, random, jobIds, rules);
    }

    /** Embeddings at cosine 0.98, default trust rules, 2% canaries of 8 inputs, EUR prices, 0.30 EUR/kWh. */
    public static Verification defaults(Random random, Supplier<String> jobIds) {
        return new Verification(OutputKind.Embedding.defaults(), AdaptiveReplication.defaults(), 0.02, 8,
                LedgerConfig.defaults(), 300_000, random, jobIds);
    }
}
