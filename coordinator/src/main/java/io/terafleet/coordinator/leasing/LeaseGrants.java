package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.Sql;
import io.terafleet.coordinator.jobs.JobRows;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.job.JobState;
import io.terafleet.core.unit.UnitState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Hands queued units to a car, inside the caller's transaction.
 *
 * <p>Two steps: read the head of the queue (oldest job first, then unit order) without locks,
 * then lock those rows with {@code FOR UPDATE SKIP LOCKED}, which drops rows another coordinator
 * is leasing right now and rows that stopped being QUEUED. The split is for H2: given ORDER BY
 * and LIMIT, its FOR UPDATE locks every matching row before it limits, which would make one
 * leaser block all others. The queue head is read with some slack so that concurrent leasers
 * reading the same head still find free units behind it, and no more rows are locked than leased.
 */
final class LeaseGrants {
    private static final String ACTIVE_JOBS = "SELECT id FROM jobs WHERE state IN ('"
            + JobState.QUEUED.name() + "', '" + JobState.RUNNING.name() + "')";

    private LeaseGrants() {
    }

    static List<LeasedUnit> lease(Connection c, String carId, int maxUnits, Set<String> models, Instant now,
                                  Instant expiresAt) throws SQLException {
        List<String> candidates = queueHead(c, models, maxUnits * 2 + 8);
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<UnitRow> units = claim(c, candidates, maxUnits);
        List<LeasedUnit> leased = new ArrayList<>(units.size());
        for (UnitRow unit : units) {
            String leaseId = UUID.randomUUID().toString();
            if (UnitRows.markLeased(c, unit, leaseId, carId, expiresAt, 1, now)) {
                LeaseRecords.insert(c, leaseId, unit.id(), carId, now);
                leased.add(new LeasedUnit(unit.id(), leaseId, unit.jobId(), unit.model(), expiresAt,
                        UnitRows.inputsWithoutResult(c, unit)));
            }
        }
        startJobs(c, leased, now);
        return leased;
    }

    static boolean hasQueuedWork(Connection c, Set<String> models) throws SQLException {
        return !queueHead(c, models, 1).isEmpty();
    }

    /** Ids of QUEUED units of active jobs that a car running {@code models} (empty: any) can take. */
    private static List<String> queueHead(Connection c, Set<String> models, int limit) throws SQLException {
        String modelFilter = models.isEmpty() ? "" : " AND model IN (" + Sql.placeholders(models.size()) + ")";
        try (PreparedStatement query = c.prepareStatement("SELECT id FROM units WHERE state = ?" + modelFilter
                + " AND job_id IN (" + ACTIVE_JOBS + ") ORDER BY job_created_at, job_id, unit_index LIMIT ?")) {
            query.setString(1, UnitState.QUEUED.name());
            int next = Sql.bindAll(query, 2, new TreeSet<>(models));
            query.setInt(next, limit);
            try (ResultSet rows = query.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
                return ids;
            }
        }
    }

    /**
     * Locks up to {@code maxUnits} candidates that are free and still QUEUED, in queue order. Tries
     * only as many at a time as are still needed, so that no more rows are locked than leased.
     */
    private static List<UnitRow> claim(Connection c, List<String> candidates, int maxUnits) throws SQLException {
        List<UnitRow> claimed = new ArrayList<>(maxUnits);
        int next = 0;
        while (claimed.size() < maxUnits && next < candidates.size()) {
            int end = Math.min(candidates.size(), next + maxUnits - claimed.size());
            List<String> batch = candidates.subList(next, end);
            next += batch.size();
            claimed.addAll(lockStillQueued(c, batch));
        }
        return claimed;
    }

    /** Locks those of {@code ids} that are free and still QUEUED, returned in the order of {@code ids}. */
    private static List<UnitRow> lockStillQueued(Connection c, List<String> ids) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT " + UnitRows.COLUMNS + " FROM units WHERE id IN ("
                + Sql.placeholders(ids.size()) + ") AND state = ? FOR UPDATE SKIP LOCKED")) {
            int next = Sql.bindAll(lock, 1, ids);
            lock.setString(next, UnitState.QUEUED.name());
            Map<String, Integer> position = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                position.put(ids.get(i), i);
            }
            return UnitRows.readAll(lock).stream()
                    .sorted(Comparator.comparing(unit -> position.get(unit.id())))
                    .toList();
        }
    }

    /** A job's first lease moves it QUEUED to RUNNING (job rows after unit rows: the lock order). */
    private static void startJobs(Connection c, List<LeasedUnit> leased, Instant now) throws SQLException {
        Set<String> jobIds = leased.stream().map(LeasedUnit::jobId)
                .collect(Collectors.toCollection(TreeSet::new));
        for (String jobId : jobIds) {
            if (JobRows.state(c, jobId).orElseThrow() == JobState.QUEUED) {
                JobRows.move(c, jobId, JobState.QUEUED, JobState.RUNNING, now);
            }
        }
    }
}
