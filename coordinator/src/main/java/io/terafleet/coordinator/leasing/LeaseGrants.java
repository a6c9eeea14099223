package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.Sql;
import io.terafleet.coordinator.jobs.JobRows;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.scheduling.Scheduler;
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
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Hands queued units to a car, inside the caller's transaction, in the order the {@link Scheduler} chose, each
 * cut to the size the scheduler allows on this car.
 *
 * <p>Per chosen job, two steps: read the head of the job's queue (first inputs first) without locks, then lock
 * those rows with {@code FOR UPDATE SKIP LOCKED}, which drops rows another coordinator is leasing right now and
 * rows that stopped being QUEUED. The split is for H2: given ORDER BY and LIMIT, its FOR UPDATE locks every
 * matching row before it limits, which would make one leaser block all others. The head is read with some slack
 * so that concurrent leasers reading the same head still find free units behind it, and no more rows are locked
 * than leased. On PostgreSQL, which limits before it locks, one statement claims the head directly
 * ({@code ORDER BY ... LIMIT n FOR UPDATE SKIP LOCKED} on the index of the job's queue), so that concurrent leasers
 * of one job each get free units rather than racing for the same few ids.
 */
final class LeaseGrants {
    private LeaseGrants() {
    }

    /**
     * @param attemptNumbers receives, per leased unit, which attempt this lease is (1 for the first)
     * @param claimDirectly claim the head of a job's queue in one locking statement (PostgreSQL)
     * @param drained       told of each chosen job in which no free unit was found
     */
    static List<LeasedUnit> lease(Connection c, String carId, int maxUnits, Scheduler.Decision decision,
                                  Instant now, Instant expiresAt, Supplier<String> leaseIds,
                                  List<Integer> attemptNumbers, Checking checking, boolean claimDirectly,
                                  java.util.function.Consumer<String> drained) throws SQLException {
        List<LeasedUnit> leased = new ArrayList<>(maxUnits);
        if (checking != null && decision.hasWork()) {
            TrustRows.Stored trust = TrustRows.read(c, carId, false);
            if (trust.trust().isQuarantined()) {
                return leased;
            }
            String model = decision.choices().getFirst().model();
            if (checking.canaries().due(c, trust, model, now)) {
                var canary = checking.canaries().lease(c, carId, model, now, expiresAt, leaseIds);
                if (canary.isPresent()) {
                    attemptNumbers.add(1);
                    return List.of(canary.get());
                }
            }
        }
        for (Scheduler.Choice choice : decision.choices()) {
            if (leased.size() == maxUnits) {
                break;
            }
            int wanted = maxUnits - leased.size();
            List<String> head = claimDirectly ? List.of() : queueHead(c, choice.jobId(), now, wanted * 2 + 8);
            List<UnitRow> claimed = claimDirectly ? claimHead(c, choice.jobId(), now, wanted)
                    : claim(c, head, wanted, now);
            if (claimed.isEmpty()) {
                // Nothing queued (or, on PostgreSQL, nothing that another leaser is not taking right now).
                if (claimDirectly || head.isEmpty()) {
                    drained.accept(choice.jobId());
                }
                continue;
            }
            JobVerification job = checking == null ? null : checking.job(c, choice.jobId());
            List<UnitRow> toLease = new ArrayList<>(claimed.size());
            for (UnitRow unit : claimed) {
                boolean check = checking != null && GenerationChecks.isCheckWork(unit);
                if (check && !checking.generationChecks().admits(c, unit, carId)) {
                    continue;
                }
                // A check is one forward pass per answer, far below the token budget a unit is cut by, and a replica
                // check covers what one car answered: never cut.
                UnitRow cut = !check && unit.inputCount() > choice.maxInputsPerUnit()
                        ? UnitRows.split(c, unit, choice.maxInputsPerUnit(), now) : unit;
                if (job != null && !job.acceptsAsIs()) {
                    if (UnitRows.inputsWithoutResult(c, cut).isEmpty()) {
                        checking.retireDecided(c, cut, now);
                        continue;
                    }
                    cut = checking.admit(c, cut, job, carId, now);
                    if (cut != null) {
                        // Leased at once: whether the car's owner may take the next replica depends on this one.
                        grant(c, carId, List.of(cut), choice.generation(), checks(checking), expiresAt, now, leaseIds,
                                attemptNumbers, leased);
                    }
                    continue;
                }
                toLease.add(cut);
            }
            grant(c, carId, toLease, choice.generation(), checks(checking), expiresAt, now, leaseIds, attemptNumbers,
                    leased);
        }
        markStarted(c, leased, now);
        return leased;
    }

    /**
     * Leases the units, in order, one fresh lease id each: one batch marks them leased, one batch records the
     * leases, one statement reads the inputs each still lacks (whatever the number of units).
     */
    private static GenerationChecks checks(Checking checking) {
        return checking == null ? null : checking.generationChecks();
    }

    private static void grant(Connection c, String carId, List<UnitRow> units, boolean generation,
                              GenerationChecks checks, Instant expiresAt, Instant now, Supplier<String> leaseIds,
                              List<Integer> attemptNumbers, List<LeasedUnit> leased) throws SQLException {
        if (units.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(units.size());
        units.forEach(unit -> ids.add(leaseIds.get()));
        boolean[] moved = UnitBatches.markAllLeased(c, units, ids, carId, expiresAt, now);
        List<UnitRow> granted = new ArrayList<>();
        List<String> grantedIds = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            if (moved[i]) {
                granted.add(units.get(i));
                grantedIds.add(ids.get(i));
            }
        }
        LeaseRecords.insertAll(c, grantedIds, granted.stream().map(UnitRow::id).toList(), carId, now);
        Map<String, List<io.terafleet.core.api.UnitInput>> open = UnitBatches.inputsWithoutResult(c, granted);
        for (int i = 0; i < granted.size(); i++) {
            UnitRow unit = granted.get(i);
            attemptNumbers.add(unit.attempts() + 1);
            var inputs = open.get(unit.id());
            leased.add(new LeasedUnit(unit.id(), grantedIds.get(i), unit.jobId(), unit.model(), expiresAt,
                    checks != null && GenerationChecks.isCheck(unit) ? checks.inputs(c, unit, inputs)
                            : generation ? AnswerRows.resumed(c, unit, inputs) : inputs));
        }
    }

    /** Locks up to {@code limit} free QUEUED units of the job leasable now, first inputs first, in one statement. */
    private static List<UnitRow> claimHead(Connection c, String jobId, Instant now, int limit) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT " + UnitRows.COLUMNS + " FROM units WHERE job_id = ?"
                + " AND state = ? AND not_before <= ? ORDER BY first_input, replica, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            lock.setString(1, jobId);
            lock.setString(2, UnitState.QUEUED.name());
            lock.setLong(3, now.toEpochMilli());
            lock.setInt(4, limit);
            return UnitRows.readAll(lock);
        }
    }

    /** Ids of the job's QUEUED units leasable now, first inputs first. */
    private static List<String> queueHead(Connection c, String jobId, Instant now, int limit) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT id FROM units WHERE job_id = ? AND state = ?"
                + " AND not_before <= ? ORDER BY first_input, replica, id LIMIT ?")) {
            query.setString(1, jobId);
            query.setString(2, UnitState.QUEUED.name());
            query.setLong(3, now.toEpochMilli());
            query.setInt(4, limit);
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
    private static List<UnitRow> claim(Connection c, List<String> candidates, int maxUnits, Instant now)
            throws SQLException {
        List<UnitRow> claimed = new ArrayList<>(maxUnits);
        int next = 0;
        while (claimed.size() < maxUnits && next < candidates.size()) {
            int end = Math.min(candidates.size(), next + maxUnits - claimed.size());
            List<String> batch = candidates.subList(next, end);
            next += batch.size();
            claimed.addAll(lockStillQueued(c, batch, now));
        }
        return claimed;
    }

    /** Locks those of {@code ids} that are free and still leasable, returned in the order of {@code ids}. */
    private static List<UnitRow> lockStillQueued(Connection c, List<String> ids, Instant now) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT " + UnitRows.COLUMNS + " FROM units WHERE id IN ("
                + Sql.placeholders(ids.size()) + ") AND state = ? AND not_before <= ? FOR UPDATE SKIP LOCKED")) {
            int next = Sql.bindAll(lock, 1, ids);
            lock.setString(next, UnitState.QUEUED.name());
            lock.setLong(next + 1, now.toEpochMilli());
            Map<String, Integer> position = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                position.put(ids.get(i), i);
            }
            return UnitRows.readAll(lock).stream()
                    .sorted(Comparator.comparing(unit -> position.get(unit.id())))
                    .toList();
        }
    }

    /** A job's first lease ends its queue time. */
    private static void markStarted(Connection c, List<LeasedUnit> leased, Instant now) throws SQLException {
        Set<String> jobIds = leased.stream().map(LeasedUnit::jobId)
                .collect(Collectors.toCollection(TreeSet::new));
        for (String jobId : jobIds) {
            JobRows.markStarted(c, jobId, now);
        }
    }
}
