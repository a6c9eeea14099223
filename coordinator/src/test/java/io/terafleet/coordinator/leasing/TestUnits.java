package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.ledger.LedgerConfig;
import io.terafleet.core.scheduling.CarProfile;
import io.terafleet.core.scheduling.HardwareClass;
import io.terafleet.core.scheduling.ModelRequirements;
import io.terafleet.core.scheduling.Scheduler;
import io.terafleet.core.scheduling.SchedulingPolicy;
import io.terafleet.core.verification.AdaptiveReplication;
import io.terafleet.core.verification.OutputKind;
import java.util.Random;
import java.util.Set;
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

    /**
     * Registers {@code model} as a text-embedding model of two-dimensional unit vectors, so that results for it are
     * checked against that signature (the wrong length, a value that is not finite, or not unit length is refused).
     */
    static void registerTwoDimensionalModel(Database database, String model) {
        database.inTransaction(c -> {
            try (var insert = c.prepareStatement("INSERT INTO models (name, version, kind, sha256, size_bytes,"
                    + " dimensions, max_tokens, inputs_json, outputs_json, created_at)"
                    + " VALUES (?, '1', 'text-embedding', ?, 1, 2, 128, '[]', '[]', 0)")) {
                insert.setString(1, model);
                insert.setString(2, "0".repeat(64));
                return insert.executeUpdate();
            }
        });
    }

    /** A HW3 car that runs {@code model} and nothing else, with no other constraint. */
    static CarProfile carRunning(String carId, String model) {
        return new CarProfile(carId, HardwareClass.HW3, Set.of(), Set.of(model), null, null, false);
    }
}
