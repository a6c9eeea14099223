package io.terafleet.coordinator.jobs;

import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.leasing.UnitRepository;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.LeasedUnit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * A stand-in coordinator under load for {@link AcknowledgedWritesSurviveKillTest}: {@code args[1]} threads create
 * jobs while one more leases units and completes them, all on the H2 store under {@code args[0]}. Each write is
 * acknowledged on stdout once the store call returned, as a coordinator answers a client; the process never
 * closes the store and runs until it is killed.
 */
public final class AcknowledgeUntilKilled {
    /** {@code JOB <jobId> <micros> <checkpointed> END}: the job was created, in that time, with or without a checkpoint. */
    static final String JOB = "JOB";
    /** {@code UNIT <jobId> <first index> <last index> END}: the unit's results were accepted. */
    static final String UNIT = "UNIT";
    /** Ends every acknowledgement, so that a line cut by the kill is never read as one. */
    static final String END = "END";
    static final int INPUTS_PER_JOB = 24;
    static final int UNIT_SIZE = 8;

    private AcknowledgeUntilKilled() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        int creators = Integer.parseInt(args[1]);
        String round = args[2];
        Database database = Database.open(DatabaseConfig.h2File(dir));
        var jobs = new JobRepository(database);
        var units = new UnitRepository(database);
        for (int creator = 0; creator < creators; creator++) {
            String prefix = "job-" + round + "-" + creator + "-";
            // The first creator also forces a CHECKPOINT SYNC after each job: what that costs, side by side.
            boolean checkpoint = creator == 0;
            Thread.ofPlatform().start(() -> {
                for (int n = 0; ; n++) {
                    long start = System.nanoTime();
                    jobs.createJob(prefix + n, JobFixtures.MODEL, JobFixtures.inputs(INPUTS_PER_JOB), UNIT_SIZE,
                            JobFixtures.T0);
                    if (checkpoint) {
                        database.inTransaction(c -> {
                            try (var statement = c.createStatement()) {
                                return statement.execute("CHECKPOINT SYNC");
                            }
                        });
                    }
                    acknowledge(JOB + " " + prefix + n + " " + (System.nanoTime() - start) / 1000 + " " + checkpoint);
                }
            });
        }
        Thread.ofPlatform().start(() -> {
            while (true) {
                for (LeasedUnit unit : units.lease("car-k", 1, Set.of(), JobFixtures.T0, Duration.ofHours(1))) {
                    String outcome = units.complete(unit.leaseId(), "car-k", JobFixtures.resultsFor(unit),
                            JobFixtures.T0);
                    if (CompleteResponse.ACCEPTED.equals(outcome)) {
                        acknowledge(UNIT + " " + unit.jobId() + " " + unit.inputs().getFirst().index() + " "
                                + unit.inputs().getLast().index());
                    }
                }
            }
        });
        Thread.sleep(Long.MAX_VALUE);
    }

    /** One write of the whole line: the reader sees it entire or, cut by the kill, without its END. */
    private static synchronized void acknowledge(String what) {
        System.out.print(what + " " + END + "\n");
        System.out.flush();
    }
}
