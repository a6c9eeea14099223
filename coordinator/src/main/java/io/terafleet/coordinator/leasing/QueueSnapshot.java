package io.terafleet.coordinator.leasing;

import io.terafleet.core.job.JobState;
import io.terafleet.core.scheduling.PriorityClass;
import io.terafleet.core.unit.UnitState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Aggregates read without locks for {@link ActiveJobs} and the metrics: the inputs each tenant has leased (its
 * cost grows with the live leases, not with queued inputs), and the queue depth by priority class.
 */
final class QueueSnapshot {
    private QueueSnapshot() {
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
