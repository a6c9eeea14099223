package io.terafleet.coordinator.leasing;

import io.terafleet.core.job.JobState;
import io.terafleet.core.scheduling.ModelRequirements;
import io.terafleet.core.scheduling.PriorityClass;
import io.terafleet.core.scheduling.QueuedWork;
import io.terafleet.core.unit.UnitState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The in-progress jobs that have leasable units, and the inputs each tenant has leased: what the scheduler ranks
 * for every lease. Read from the store at most once per {@code maxAge} per coordinator (one row per active job,
 * one index probe each), not once per lease, so a lease costs the same whatever the depth of the queue; between
 * reads, leases granted here are added to the tenants' live inputs, and a job found empty is dropped.
 *
 * <p>{@code maxAge} zero reads the store for every decision (exact; what store-level tests use). A new job is seen
 * at once when its submission calls {@link #invalidate()} (locally or through the cluster bus), else within
 * {@code maxAge}.
 */
final class ActiveJobs {
    /** The work and the tenants' live usage as of {@code readAt}. */
    record Snapshot(List<QueuedWork> work, Map<String, Long> liveInputsByTenant, Instant readAt) {
        static final Snapshot EMPTY = new Snapshot(List.of(), Map.of(), Instant.MIN);
    }

    private final Duration maxAge;
    private final Function<String, ModelRequirements> requirements;
    private final ToDoubleFunction<String> tenantWeight;
    private volatile Snapshot current = Snapshot.EMPTY;
    private volatile boolean invalidated = true;

    ActiveJobs(Duration maxAge, Function<String, ModelRequirements> requirements,
               ToDoubleFunction<String> tenantWeight) {
        if (maxAge == null || maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge: must be zero or positive, was " + maxAge);
        }
        this.maxAge = maxAge;
        this.requirements = requirements;
        this.tenantWeight = tenantWeight;
    }

    /** The snapshot if it may still be used at {@code now}, else null (the caller reads a new one). */
    Snapshot fresh(Instant now) {
        Snapshot snapshot = current;
        boolean young = !now.isBefore(snapshot.readAt()) && now.isBefore(snapshot.readAt().plus(maxAge));
        return invalidated || !young ? null : snapshot;
    }

    /**
     * The last snapshot read, however old, for a caller that may use it while another thread reads a new one;
     * null when none was read yet or staleness is not allowed ({@code maxAge} zero).
     */
    Snapshot previous() {
        Snapshot snapshot = current;
        return maxAge.isZero() || snapshot == Snapshot.EMPTY ? null : snapshot;
    }

    /** Reads a new snapshot inside the caller's transaction. */
    Snapshot refresh(Connection c, Instant now) throws SQLException {
        invalidated = false;
        Snapshot read = new Snapshot(List.copyOf(leasableJobs(c, now)),
                new ConcurrentHashMap<>(QueueSnapshot.liveInputsByTenant(c)), now);
        current = read;
        return read;
    }

    /** Work may have appeared (a job was submitted, units were handed back): the next decision reads the store. */
    void invalidate() {
        invalidated = true;
    }

    /** A lease found no free unit of this job: leave it out until the next read. */
    void drained(String jobId) {
        Snapshot snapshot = current;
        List<QueuedWork> rest = snapshot.work().stream().filter(w -> !w.jobId().equals(jobId)).toList();
        if (rest.size() != snapshot.work().size()) {
            current = new Snapshot(rest, snapshot.liveInputsByTenant(), snapshot.readAt());
        }
    }

    /** Counts inputs leased here since the last read towards the tenant's live usage (fair share). */
    void leased(String tenant, long inputs) {
        current.liveInputsByTenant().merge(tenant, inputs, Long::sum);
    }

    private List<QueuedWork> leasableJobs(Connection c, Instant now) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT j.id, j.tenant, j.priority, j.deadline_at, j.created_at, j.model, j.total_inputs,
                       (SELECT COALESCE(SUM(p.completed_inputs + p.failed_inputs), 0) FROM job_progress p
                        WHERE p.job_id = j.id), j.tokens_per_input
                FROM jobs j
                WHERE j.state = ? AND EXISTS (SELECT 1 FROM units u WHERE u.job_id = j.id AND u.state = ?
                                                AND u.not_before <= ?)""")) {
            query.setString(1, JobState.IN_PROGRESS.name());
            query.setString(2, UnitState.QUEUED.name());
            query.setLong(3, now.toEpochMilli());
            try (ResultSet rows = query.executeQuery()) {
                List<QueuedWork> work = new ArrayList<>();
                while (rows.next()) {
                    long deadline = rows.getLong(4);
                    Instant deadlineAt = rows.wasNull() ? null : Instant.ofEpochMilli(deadline);
                    String tenant = rows.getString(2);
                    String model = rows.getString(6);
                    long open = Math.max(0, rows.getLong(7) - rows.getLong(8));
                    work.add(new QueuedWork(rows.getString(1), tenant, PriorityClass.valueOf(rows.getString(3)),
                            deadlineAt, Instant.ofEpochMilli(rows.getLong(5)), model, requirements.apply(model),
                            (int) Math.min(Integer.MAX_VALUE, open), tenantWeight.applyAsDouble(tenant),
                            rows.getInt(9)));
                }
                return work;
            }
        }
    }
}
