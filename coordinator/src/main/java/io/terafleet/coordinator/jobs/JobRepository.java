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
    /** The error an input gets when its job's completion window ends before it was computed. */
    public static final String EXPIRED_ERROR = "expired: the completion window ended before this input was computed";

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
        return createJob(JobSpec.batch(jobId, model, unitSize), inputs, now);
    }

    /** As {@link #createJob(String, String, List, int, Instant)}, for any tenant, priority and deadline. */
    public boolean createJob(JobSpec spec, List<NewInput> inputs, Instant now) {
        JobCreation creation = new JobCreation(spec, inputs, now);
        boolean created = database.inTransaction(c -> {
            if (JobRows.state(c, spec.jobId()).isPresent()) {
                return false;
            }
            creation.insert(c);
            return true;
        });
        return created;
    }

    /**
     * Writes a job with its inputs and units inside the caller's transaction (for jobs the coordinator makes
     * itself, such as canaries); the caller makes sure the id is new.
     */
    public static void insertWithin(Connection c, JobSpec spec, List<NewInput> inputs, Instant now)
            throws SQLException {
        new JobCreation(spec, inputs, now).insert(c);
    }

    /**
     * Stores a job with no inputs yet, VALIDATING (its input, e.g. an uploaded file, is still being checked);
     * {@link #attachInputs} or {@link #rejectValidation} ends that.
     *
     * @return false if a job with this id exists already
     */
    public boolean createValidating(JobSpec spec, Instant now) {
        JobCreation creation = JobCreation.pending(spec, now);
        boolean created = database.inTransaction(c -> {
            if (JobRows.state(c, spec.jobId()).isPresent()) {
                return false;
            }
            creation.insertPending(c);
            return true;
        });
        return created;
    }

    /**
     * Stores the inputs and units of a VALIDATING job and starts it (IN_PROGRESS), in one transaction.
     *
     * @return false if the job does not exist or is no longer validating (e.g. it was cancelled)
     */
    public boolean attachInputs(JobSpec spec, List<NewInput> inputs, Instant now) {
        JobCreation creation = new JobCreation(spec, inputs, now);
        return database.inTransaction(c -> {
            if (lockJob(c, spec.jobId()).orElse(null) != JobState.VALIDATING) {
                return false;
            }
            creation.attach(c);
            return true;
        });
    }

    /**
     * Fails a VALIDATING job whose input was rejected, keeping why.
     *
     * @return false if the job does not exist or is no longer validating
     */
    public boolean rejectValidation(String jobId, String reason, Instant now) {
        return database.inTransaction(c -> {
            if (lockJob(c, jobId).orElse(null) != JobState.VALIDATING) {
                return false;
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE jobs SET failure_reason = ? WHERE id = ?")) {
                update.setString(1, reason == null || reason.length() <= 500 ? reason : reason.substring(0, 500));
                update.setString(2, jobId);
                update.executeUpdate();
            }
            return JobRows.move(c, jobId, JobState.VALIDATING, JobState.FAILED, now);
        });
    }

    /** The tokens each input with a result took, as its car counted them; inputs not counted are absent. */
    public Map<Integer, Integer> resultTokens(String jobId) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT input_index, tokens FROM results WHERE job_id = ? AND tokens IS NOT NULL")) {
                query.setString(1, jobId);
                try (ResultSet rows = query.executeQuery()) {
                    Map<Integer, Integer> tokens = new java.util.HashMap<>();
                    while (rows.next()) {
                        tokens.put(rows.getInt(1), rows.getInt(2));
                    }
                    return tokens;
                }
            }
        });
    }

    /** A generation job's outcome for one input: its stored answer (JSON), or why it has none. */
    public record AnswerOutcome(int index, String answerJson, String error) {
    }

    /** The outcomes of a generation job's inputs, in input order (inputs without one are left out). */
    public java.util.List<AnswerOutcome> answers(String jobId) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT input_index, answer, error FROM results"
                    + " WHERE job_id = ? ORDER BY input_index")) {
                query.setString(1, jobId);
                try (ResultSet rows = query.executeQuery()) {
                    java.util.List<AnswerOutcome> outcomes = new java.util.ArrayList<>();
                    while (rows.next()) {
                        outcomes.add(new AnswerOutcome(rows.getInt(1), rows.getString(2), rows.getString(3)));
                    }
                    return outcomes;
                }
            }
        });
    }

    /** Why a job failed as a whole (a rejected input), if it did. */
    public Optional<String> failureReason(String jobId) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT failure_reason FROM jobs WHERE id = ?")) {
                query.setString(1, jobId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /**
     * A job's state and input counts. An input is completed if it has an embedding, failed if it
     * has an error, running if its unit is leased, else queued; the four always sum to the total.
     * The state is the wire name of {@link JobState} ({@code in_progress}, {@code completed}, ...).
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
        return streamResults(jobId, ResultFilter.ALL, sink);
    }

    /** As {@link #streamResults(String, ResultSink)}, only the inputs that {@code filter} selects. */
    public boolean streamResults(String jobId, ResultFilter filter, ResultSink sink) {
        boolean exists = database.inTransaction(c -> JobRows.state(c, jobId).isPresent());
        if (exists) {
            resultPages.stream(jobId, filter, sink);
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
            Optional<JobState> state = lockJob(c, jobId);
            if (state.isEmpty() || !state.get().canMoveTo(JobState.CANCELLED)) {
                return false;
            }
            cancelOpenUnits(c, jobId, now);
            JobRows.failInputsWithoutResult(c, jobId, 0, Integer.MAX_VALUE, CANCELLED_ERROR, now);
            return JobRows.move(c, jobId, state.get(), JobState.CANCELLED, now);
        });
    }

    /**
     * Expires every in-progress job whose completion window ended before {@code now}: its open units are
     * cancelled (their leases are lost), each input without a result gets the error {@value #EXPIRED_ERROR},
     * and results already stored are kept. Each job is handled in its own transaction.
     *
     * @return the ids of the jobs expired now
     */
    public List<String> expireOverdue(Instant now) {
        List<String> overdue = database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT id FROM jobs WHERE state = ? AND deadline_at"
                    + " IS NOT NULL AND deadline_at < ? ORDER BY deadline_at, id")) {
                query.setString(1, JobState.IN_PROGRESS.name());
                query.setLong(2, now.toEpochMilli());
                return readIds(query);
            }
        });
        List<String> expired = new ArrayList<>();
        for (String jobId : overdue) {
            boolean done = database.inTransaction(c -> {
                cancelOpenUnits(c, jobId, now);
                Optional<JobState> state = lockJob(c, jobId);
                if (state.isEmpty() || state.get() != JobState.IN_PROGRESS) {
                    return false;
                }
                JobRows.failInputsWithoutResult(c, jobId, 0, Integer.MAX_VALUE, EXPIRED_ERROR, now);
                return JobRows.move(c, jobId, JobState.IN_PROGRESS, JobState.EXPIRED, now);
            });
            if (done) {
                expired.add(jobId);
            }
        }
        return expired;
    }

    /**
     * Jobs that ended at or after {@code since} (and before {@code until}), with how long each waited for its
     * first lease and then ran (a job that never started counts its whole life as queued): for metrics.
     */
    public List<EndedJob> endedBetween(Instant since, Instant until) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT id, priority, state, created_at, started_at,"
                    + " finished_at FROM jobs WHERE finished_at >= ? AND finished_at < ? ORDER BY finished_at, id")) {
                query.setLong(1, since.toEpochMilli());
                query.setLong(2, until.toEpochMilli());
                try (ResultSet rows = query.executeQuery()) {
                    List<EndedJob> ended = new ArrayList<>();
                    while (rows.next()) {
                        long created = rows.getLong(4);
                        long started = rows.getLong(5);
                        boolean neverStarted = rows.wasNull();
                        long finished = rows.getLong(6);
                        long firstLease = neverStarted ? finished : started;
                        ended.add(new EndedJob(rows.getString(1), rows.getString(2).toLowerCase(Locale.ROOT),
                                JobState.valueOf(rows.getString(3)).wireName(),
                                java.time.Duration.ofMillis(firstLease - created),
                                java.time.Duration.ofMillis(finished - firstLease)));
                    }
                    return ended;
                }
            }
        });
    }

    /** An ended job: how long it waited for its first lease, and how long it then ran. */
    public record EndedJob(String id, String priority, String state, java.time.Duration queued,
                           java.time.Duration ran) {
    }

    private static Optional<JobState> lockJob(Connection c, String jobId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT state FROM jobs WHERE id = ? FOR UPDATE")) {
            query.setString(1, jobId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(JobState.valueOf(rows.getString(1))) : Optional.empty();
            }
        }
    }

    private static List<String> readIds(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            List<String> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
    }

    /**
     * Ends the in-progress jobs none of whose units is open any more (see {@link JobRows#finishIfAllUnitsFinal});
     * run by the reaper. Costs one index probe per in-progress job.
     *
     * @return the ids of the jobs ended now
     */
    public List<String> finishStranded(Instant now) {
        List<String> ended = new ArrayList<>();
        for (String jobId : database.inTransaction(JobRows::strandedJobIds)) {
            if (database.inTransaction(c -> JobRows.finishIfAllUnitsFinal(c, jobId, now))) {
                ended.add(jobId);
            }
        }
        return ended;
    }

    /** Ids of jobs that have not ended, oldest first. */
    public List<String> listUnfinishedJobIds() {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT id FROM jobs WHERE finished_at IS NULL ORDER BY created_at, id")) {
                return readIds(query);
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
                + JobRows.OPEN_UNIT_STATES + ") ORDER BY first_input FOR UPDATE")) {
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
            int[] updated = cancel.executeBatch();
            int i = 0;
            for (UnitState from : open.values()) {
                if (updated[i++] == 1) {
                    UnitState.TRANSITIONS.recordVisit(from, UnitState.CANCELLED);
                }
            }
        }
        OpenLeases.endForJob(c, jobId, now);
    }

    private static Optional<JobStatus> readStatus(Connection c, String jobId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT model, state, total_inputs, created_at, finished_at,"
                + " tenant, priority, deadline_at FROM jobs WHERE id = ?")) {
            query.setString(1, jobId);
            try (ResultSet job = query.executeQuery()) {
                if (!job.next()) {
                    return Optional.empty();
                }
                int total = job.getInt("total_inputs");
                long finishedAt = job.getLong("finished_at");
                Instant finished = job.wasNull() ? null : Instant.ofEpochMilli(finishedAt);
                long deadlineAt = job.getLong("deadline_at");
                Instant deadline = job.wasNull() ? null : Instant.ofEpochMilli(deadlineAt);
                JobProgress.Counts outcomes = JobProgress.read(c, jobId);
                int completed = (int) outcomes.completed();
                int failed = (int) outcomes.failed();
                int running = Math.max(0, Math.min(total - completed - failed, runningInputs(c, jobId)));
                return Optional.of(new JobStatus(jobId, job.getString("model"),
                        JobState.valueOf(job.getString("state")).wireName(), total,
                        total - completed - failed - running, running, completed, failed,
                        Instant.ofEpochMilli(job.getLong("created_at")), finished, job.getString("tenant"),
                        job.getString("priority").toLowerCase(Locale.ROOT), deadline));
            }
        }
    }

    /**
     * Inputs without an outcome inside the ranges of the job's leased units: the cost grows with the job's live
     * leases (at most the fleet's), never with its queued or finished inputs; outcomes come from counters.
     */
    private static int runningInputs(Connection c, String jobId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT (SELECT COALESCE(SUM(u.input_count), 0) FROM units u WHERE u.job_id = ? AND u.state = ?),
                       (SELECT COUNT(*) FROM units u JOIN results r ON r.job_id = u.job_id
                            AND r.input_index >= u.first_input AND r.input_index < u.first_input + u.input_count
                        WHERE u.job_id = ? AND u.state = ?)""")) {
            query.setString(1, jobId);
            query.setString(2, UnitState.LEASED.name());
            query.setString(3, jobId);
            query.setString(4, UnitState.LEASED.name());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1) - rows.getInt(2);
            }
        }
    }
}
