package io.terafleet.coordinator.jobs;

import io.terafleet.coordinator.db.Database;
import io.terafleet.core.api.JobStatus;
import io.terafleet.core.job.JobState;
import io.terafleet.core.unit.UnitState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Jobs as clients see them: create (durably, in one transaction), watch, read results, cancel.
 * Units are handed out and finished by {@link io.terafleet.coordinator.leasing.UnitRepository}.
 */
public final class JobRepository {
    /** The error an input gets when its job is cancelled before it was computed. */
    public static final String CANCELLED_ERROR = "cancelled";

    private final Database database;
    private final ResultPages resultPages;

    public JobRepository(Database database) {
        this.database = database;
        this.resultPages = new ResultPages(database);
    }

    /**
     * Stores a job, all its inputs and its units (each QUEUED, {@code unitSize} inputs, the last one
     * possibly fewer) in one transaction: once this returns true, the job survives a crash.
     *
     * @return true if created, false if a job with this id already exists (nothing is written)
     * @throws IllegalArgumentException if an argument is malformed (the message names it), e.g. two
     *                                  inputs share a customId
     */
    public boolean createJob(String jobId, String model, List<NewInput> inputs, int unitSize, Instant now) {
        JobCreation creation = new JobCreation(jobId, model, inputs, unitSize, now);
        return database.inTransaction(c -> {
            if (JobRows.state(c, jobId).isPresent()) {
                return false;
            }
            creation.insert(c);
            return true;
        });
    }

    /**
     * A job's state and input counts. An input is completed if it has an embedding, failed if it
     * has an error, running if its unit is leased, else queued; the four always sum to the total.
     * The state is the lower-case name of {@link JobState} ({@code queued}, {@code running}, ...).
     */
    public Optional<JobStatus> status(String jobId) {
        return database.inTransaction(c -> readStatus(c, jobId));
    }

    /**
     * Streams every input's outcome in input order (see {@link ResultSink#accept}); memory use does
     * not grow with the job, and no connection is held while the sink runs. What the sink throws
     * stops the stream and reaches the caller.
     *
     * @return false if there is no such job (the sink is not called)
     */
    public boolean streamResults(String jobId, ResultSink sink) {
        boolean exists = database.inTransaction(c -> JobRows.state(c, jobId).isPresent());
        if (exists) {
            resultPages.stream(jobId, sink);
        }
        return exists;
    }

    /**
     * Cancels a job that has not finished: its open units become CANCELLED (their leases are lost)
     * and each input without a result gets the error {@value #CANCELLED_ERROR}. Results already
     * stored are kept.
     *
     * @return true if the job is cancelled now; false if it does not exist or had already finished
     */
    public boolean cancel(String jobId, Instant now) {
        return database.inTransaction(c -> {
            Optional<JobState> state = JobRows.state(c, jobId);
            if (state.isEmpty() || state.get().isTerminal()) {
                return false;
            }
            cancelOpenUnits(c, jobId, now);
            JobRows.failInputsWithoutResult(c, jobId, 0, Integer.MAX_VALUE, CANCELLED_ERROR, now);
            return moveToCancelled(c, jobId, state.get(), now);
        });
    }

    /** Ids of jobs that are QUEUED or RUNNING, oldest first. */
    public List<String> listUnfinishedJobIds() {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT id FROM jobs WHERE state IN (?, ?) ORDER BY created_at, id")) {
                query.setString(1, JobState.QUEUED.name());
                query.setString(2, JobState.RUNNING.name());
                try (ResultSet rows = query.executeQuery()) {
                    List<String> ids = new ArrayList<>();
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                    return ids;
                }
            }
        });
    }

    /**
     * Locks the job's open units (unit locks before the job row, the stores' lock order), then
     * cancels each from the state it is in now, as the unit table allows.
     */
    private static void cancelOpenUnits(Connection c, String jobId, Instant now) throws SQLException {
        Map<String, UnitState> open = new LinkedHashMap<>();
        try (PreparedStatement lock = c.prepareStatement("SELECT id, state FROM units WHERE job_id = ? AND state IN ("
                + JobRows.OPEN_UNIT_STATES + ") ORDER BY unit_index FOR UPDATE")) {
            lock.setString(1, jobId);
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    open.put(rows.getString(1), UnitState.valueOf(rows.getString(2)));
                }
            }
        }
        try (PreparedStatement cancel = c.prepareStatement("UPDATE units SET state = ?, expires_at = NULL,"
                + " updated_at = ? WHERE id = ? AND state = ?")) {
            for (Map.Entry<String, UnitState> unit : open.entrySet()) {
                cancel.setString(1, unit.getValue().moveTo(UnitState.CANCELLED).name());
                cancel.setLong(2, now.toEpochMilli());
                cancel.setString(3, unit.getKey());
                cancel.setString(4, unit.getValue().name());
                cancel.addBatch();
            }
            cancel.executeBatch();
        }
    }

    /** The job may have moved QUEUED to RUNNING since it was read (a lease); follow it until final. */
    private static boolean moveToCancelled(Connection c, String jobId, JobState seen, Instant now)
            throws SQLException {
        JobState state = seen;
        while (!state.isTerminal()) {
            if (JobRows.move(c, jobId, state, JobState.CANCELLED, now)) {
                return true;
            }
            state = JobRows.state(c, jobId).orElseThrow();
        }
        return false;
    }

    private static Optional<JobStatus> readStatus(Connection c, String jobId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT model, state, total_inputs, created_at, finished_at"
                + " FROM jobs WHERE id = ?")) {
            query.setString(1, jobId);
            try (ResultSet job = query.executeQuery()) {
                if (!job.next()) {
                    return Optional.empty();
                }
                int total = job.getInt("total_inputs");
                long finishedAt = job.getLong("finished_at");
                Instant finished = job.wasNull() ? null : Instant.ofEpochMilli(finishedAt);
                int[] counts = countInputs(c, jobId);
                return Optional.of(new JobStatus(jobId, job.getString("model"),
                        job.getString("state").toLowerCase(Locale.ROOT), total,
                        total - counts[0] - counts[1] - counts[2], counts[2], counts[0], counts[1],
                        Instant.ofEpochMilli(job.getLong("created_at")), finished));
            }
        }
    }

    /** {completed, failed, running}, counted in one statement so that they agree with each other. */
    private static int[] countInputs(Connection c, String jobId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT COALESCE(SUM(CASE WHEN r.embedding IS NOT NULL THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN r.error IS NOT NULL THEN 1 ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN r.input_index IS NULL AND u.state = ? THEN 1 ELSE 0 END), 0)
                FROM inputs i
                JOIN units u ON u.job_id = i.job_id AND u.unit_index = i.unit_index
                LEFT JOIN results r ON r.job_id = i.job_id AND r.input_index = i.input_index
                WHERE i.job_id = ?""")) {
            query.setString(1, UnitState.LEASED.name());
            query.setString(2, jobId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return new int[] {rows.getInt(1), rows.getInt(2), rows.getInt(3)};
            }
        }
    }
}
