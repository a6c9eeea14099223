package io.terafleet.coordinator.jobs;

import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.db.DatabaseConfig;
import java.nio.file.Path;

/**
 * A stand-in coordinator for {@link JobDurabilityTest}: creates a job in the H2 database under
 * {@code args[0]}, says so on stdout, and then waits to be killed, never closing the database.
 */
public final class CreateJobThenWait {
    static final String CREATED = "CREATED";

    private CreateJobThenWait() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        String jobId = args[1];
        int count = Integer.parseInt(args[2]);
        Database database = Database.open(DatabaseConfig.h2File(dir));
        new JobRepository(database).createJob(jobId, JobFixtures.MODEL, JobFixtures.inputs(count), 32, JobFixtures.T0);
        System.out.println(CREATED);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
