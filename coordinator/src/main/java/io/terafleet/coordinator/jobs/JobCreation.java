package io.terafleet.coordinator.jobs;

import io.terafleet.core.job.JobState;
import io.terafleet.core.unit.UnitState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a new job and writes it, with its inputs and units, inside the caller's transaction. */
final class JobCreation {
    static final int MAX_UNIT_SIZE = 10_000;
    static final int MAX_MODEL_LENGTH = 200;
    /** Job ids go into unit ids and URLs: keep them short and plain. */
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Rows per JDBC batch: large enough to amortise round trips, small enough to bound driver memory. */
    private static final int BATCH_ROWS = 1_000;

    private final JobSpec spec;
    private final String jobId;
    private final List<NewInput> inputs;
    private final int unitSize;
    private final Instant now;
    private final long nowMillis;

    JobCreation(JobSpec spec, List<NewInput> inputs, Instant now) {
        this(spec, inputs, now, true);
    }

    /** @param needsInputs false for a job created VALIDATING, whose inputs come later */
    private JobCreation(JobSpec spec, List<NewInput> inputs, Instant now, boolean needsInputs) {
        if (needsInputs && (inputs == null || inputs.isEmpty())) {
            throw new IllegalArgumentException("inputs: a job needs at least one input");
        }
        requireUniqueCustomIds(inputs);
        this.spec = spec;
        this.jobId = spec.jobId();
        this.inputs = List.copyOf(inputs);
        this.unitSize = spec.unitSize();
        this.now = now;
        this.nowMillis = now.toEpochMilli();
    }

    static void requireJobId(String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("jobId: must be 1..64 letters, digits, '.', '_' or '-', starting with"
                    + " a letter or digit, was " + jobId);
        }
    }

    static String unitId(String jobId, int unitIndex) {
        return jobId + "-u" + unitIndex;
    }

    /** A job row alone, VALIDATING: its input is still being checked, e.g. an uploaded file. */
    static JobCreation pending(JobSpec spec, Instant now) {
        return new JobCreation(spec, List.of(), now, false);
    }

    /** Writes the job as VALIDATING, then its inputs and units, then moves it to IN_PROGRESS. */
    void insert(Connection c) throws SQLException {
        insertJob(c);
        attach(c);
    }

    /** Writes the job row only, VALIDATING. */
    void insertPending(Connection c) throws SQLException {
        insertJob(c);
    }

    /** Writes the inputs and units of a VALIDATING job and moves it to IN_PROGRESS. */
    void attach(Connection c) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE jobs SET total_inputs = ? WHERE id = ?")) {
            update.setInt(1, inputs.size());
            update.setString(2, jobId);
            update.executeUpdate();
        }
        insertInputs(c);
        insertUnits(c);
        if (!JobRows.move(c, jobId, JobState.VALIDATING, JobState.IN_PROGRESS, now)) {
            throw new IllegalStateException("job " + jobId + " is no longer validating");
        }
    }

    private int unitCount() {
        return (inputs.size() + unitSize - 1) / unitSize;
    }

    private void insertJob(Connection c) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO jobs (id, model, state, total_inputs,"
                + " unit_size, created_at, updated_at, tenant, priority, deadline_at, replication, max_replicas,"
                + " adaptive, tokens_per_input, api_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, jobId);
            insert.setString(2, spec.model());
            insert.setString(3, JobState.VALIDATING.name());
            insert.setInt(4, inputs.size());
            insert.setInt(5, unitSize);
            insert.setLong(6, nowMillis);
            insert.setLong(7, nowMillis);
            insert.setString(8, spec.tenant());
            insert.setString(9, spec.priority().name());
            if (spec.deadline() == null) {
                insert.setNull(10, java.sql.Types.BIGINT);
            } else {
                insert.setLong(10, spec.deadline().toEpochMilli());
            }
            insert.setInt(11, spec.replication());
            insert.setInt(12, spec.maxReplicas());
            insert.setBoolean(13, spec.adaptive());
            insert.setInt(14, spec.tokensPerInput());
            if (spec.apiKey() == null) {
                insert.setNull(15, java.sql.Types.VARCHAR);
            } else {
                insert.setString(15, spec.apiKey());
            }
            insert.executeUpdate();
        }
        JobProgress.create(c, jobId);
    }

    private void insertInputs(Connection c) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO inputs (job_id, input_index,"
                + " custom_id, input_text) VALUES (?, ?, ?, ?)")) {
            for (int index = 0; index < inputs.size(); index++) {
                NewInput input = inputs.get(index);
                insert.setString(1, jobId);
                insert.setInt(2, index);
                insert.setString(3, input.customId());
                insert.setString(4, input.text());
                addToBatch(insert, index + 1);
            }
            insert.executeBatch();
        }
    }

    /** One lane of units per replica: lane 0 is the first copy of every input, lane r the r-th. */
    private void insertUnits(Connection c) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO units (id, job_id, unit_index, model,"
                + " job_created_at, first_input, input_count, state, attempts, updated_at, replica)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")) {
            int rows = 0;
            for (int unit = 0; unit < unitCount(); unit++) {
                for (int replica = 0; replica < spec.replication(); replica++) {
                    int first = unit * unitSize;
                    insert.setString(1, unitId(jobId, unit) + (replica == 0 ? "" : "-r" + replica));
                    insert.setString(2, jobId);
                    insert.setInt(3, unit);
                    insert.setString(4, spec.model());
                    insert.setLong(5, nowMillis);
                    insert.setInt(6, first);
                    insert.setInt(7, Math.min(unitSize, inputs.size() - first));
                    insert.setString(8, UnitState.QUEUED.name());
                    insert.setLong(9, nowMillis);
                    insert.setInt(10, replica);
                    addToBatch(insert, ++rows);
                }
            }
            insert.executeBatch();
        }
    }

    private static void addToBatch(PreparedStatement insert, int rowsSoFar) throws SQLException {
        insert.addBatch();
        if (rowsSoFar % BATCH_ROWS == 0) {
            insert.executeBatch();
        }
    }

    private static void requireUniqueCustomIds(List<NewInput> inputs) {
        Set<String> seen = new HashSet<>();
        for (int index = 0; index < inputs.size(); index++) {
            NewInput input = inputs.get(index);
            if (input == null) {
                throw new IllegalArgumentException("inputs: input " + index + " is null");
            }
            if (!seen.add(input.customId())) {
                throw new IllegalArgumentException("inputs: duplicate customId \"" + input.customId() + "\" at input "
                        + index);
            }
        }
    }
}
