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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * What the scheduler needs from the store for one decision, read without locks: each in-progress job with units
 * leasable now (one row per job, not per unit), and the inputs each tenant has leased. Both are aggregates over
 * indexed columns, so their cost grows with the number of active jobs and live leases, not with queued inputs.
 */
final class QueueSnapshot {
    private QueueSnapshot() {
    }

    static List<QueuedWork> leasableWork(Connection c, Instant now, Function<String, ModelRequirements> requirements,
                                         ToDoubleFunction<String> tenantWeight) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT j.id, j.tenant, j.priority, j.deadline_at, j.created_at, j.model, q.inputs
                FROM jobs j JOIN (SELECT job_id, SUM(input_count) AS inputs FROM units
                                  WHERE state = ? AND not_before <= ? GROUP BY job_id) q ON q.job_id = j.id
                WHERE j.state = ?""")) {
            query.setString(1, UnitState.QUEUED.name());
            query.setLong(2, now.toEpochMilli());
            query.setString(3, JobState.IN_PROGRESS.name());
            try (ResultSet rows = query.executeQuery()) {
                List<QueuedWork> work = new ArrayList<>();
                while (rows.next()) {
                    long deadline = rows.getLong(4);
                    Instant deadlineAt = rows.wasNull() ? null : Instant.ofEpochMilli(deadline);
                    String tenant = rows.getString(2);
                    String model = rows.getString(6);
                    work.add(new QueuedWork(rows.getString(1), tenant, PriorityClass.valueOf(rows.getString(3)),
                            deadlineAt, Instant.ofEpochMilli(rows.getLong(5)), model, requirements.apply(model),
                            (int) Math.min(Integer.MAX_VALUE, rows.getLong(7)), tenantWeight.applyAsDouble(tenant)));
                }
                return work;
            }
        }
    }

    static Map<String, Long> liveInputsByTenant(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT j.tenant, SUM(u.input_count) FROM units u"
                + " JOIN jobs j ON j.id = u.job_id WHERE u.state = ? GROUP BY j.tenant")) {
            query.setString(1, UnitState.LEASED.name());
            try (ResultSet rows = query.executeQuery()) {
                Map<String, Long> live = new HashMap<>();
                while (rows.next()) {
                    live.put(rows.getString(1), rows.getLong(2));
                }
                return live;
            }
        }
    }

    /** Queued units leasable now, by priority class: the queue depth metric. */
    static Map<PriorityClass, Long> queuedUnitsByClass(Connection c, Instant now) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT j.priority, COUNT(*) FROM units u"
                + " JOIN jobs j ON j.id = u.job_id WHERE u.state = ? AND j.state = ? GROUP BY j.priority")) {
            query.setString(1, UnitState.QUEUED.name());
            query.setString(2, JobState.IN_PROGRESS.name());
            try (ResultSet rows = query.executeQuery()) {
                Map<PriorityClass, Long> depth = new HashMap<>();
                for (PriorityClass p : PriorityClass.values()) {
                    depth.put(p, 0L);
                }
                while (rows.next()) {
                    depth.put(PriorityClass.valueOf(rows.getString(1)), rows.getLong(2));
                }
                return depth;
            }
        }
    }
}
