package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.ledger.LedgerConfig;
import io.terafleet.core.scheduling.ModelRequirements;
import io.terafleet.core.scheduling.Scheduler;
import io.terafleet.core.scheduling.SchedulingPolicy;
import io.terafleet.core.verification.AdaptiveReplication;
import io.terafleet.core.verification.OutputKind;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/** A unit repository for store tests: verification on with fixed seeds, retries at once, ids counted from 1. */
final class TestUnits {
    private TestUnits() {
    }

    static UnitRepository withVerification(Database database) {
        AtomicInteger ids = new AtomicInteger();
        var verification = new Verification(OutputKind.Embedding.defaults(),
                new AdaptiveReplication(false, 10, 0.5, 0.05, 2, 50), 0, 4, LedgerConfig.defaults(), 300_000,
                new Random(1), () -> "job-c" + ids.incrementAndGet());
        return new UnitRepository(database, new Scheduler(SchedulingPolicy.DEFAULT),
                UnitRepository.IMMEDIATE_RETRY, model -> ModelRequirements.NONE, tenant -> 1.0,
                () -> "lease-" + ids.incrementAndGet(), verification);
    }
}
