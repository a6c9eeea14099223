package io.terafleet.coordinator.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A job's outcome counters (inputs completed, inputs failed), kept as results are written so that a job's status
 * never counts its results. Each job has {@link #STRIPES} counter rows; a transaction adds to the stripe of its
 * thread, so that cars completing units of one job at the same time rarely wait on the same row lock, and a
 * reader sums the stripes: a fixed cost whatever the size of the job.
 */
public final class JobProgress {
    /** Counter rows per job (the V6 migration creates as many for older jobs). */
    public static final int STRIPES = 8;

    /** Completed and failed inputs of a job. */
    public record Counts(long completed, long failed) {
        public static final Counts NONE = new Counts(0, 0);
    }

    private JobProgress() {
    }

    /** Creates a new job's counter rows, all zero. */
    static void create(Connection c, String jobId) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO job_progress (job_id, stripe,"
                + " completed_inputs, failed_inputs) VALUES (?, ?, 0, 0)")) {
            for (int stripe = 0; stripe < STRIPES; stripe++) {
                insert.setString(1, jobId);
                insert.setInt(2, stripe);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Adds to a job's counters, inside the caller's transaction (which writes the results counted). */
    public static void add(Connection c, String jobId, long completed, long failed) throws SQLException {
        if (completed == 0 && failed == 0) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE job_progress SET completed_inputs ="
                + " completed_inputs + ?, failed_inputs = failed_inputs + ? WHERE job_id = ? AND stripe = ?")) {
            update.setLong(1, completed);
            update.setLong(2, failed);
            update.setString(3, jobId);
            // One stripe per thread, so that one transaction never locks two stripes of a job in either order.
            update.setInt(4, (int) Math.floorMod(Thread.currentThread().threadId(), (long) STRIPES));
            update.executeUpdate();
        }
    }

    /** A job's counts (zero for an unknown job). */
    public static Counts read(Connection c, String jobId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT COALESCE(SUM(completed_inputs), 0),"
                + " COALESCE(SUM(failed_inputs), 0) FROM job_progress WHERE job_id = ?")) {
            query.setString(1, jobId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new Counts(rows.getLong(1), rows.getLong(2));
            }
        }
    }
}
