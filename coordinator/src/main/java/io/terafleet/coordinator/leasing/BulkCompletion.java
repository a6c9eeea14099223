package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.jobs.JobRows;
import io.terafleet.core.api.CompleteBatchResponse;
import io.terafleet.core.api.CompleteBatchResponse.Outcome;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.unit.UnitState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Several completions of one car in one transaction, with set-based statements: the leases are read in one
 * statement, their units locked in one (in id order), the inputs already done read in one, the results inserted in
 * one batch, the leases ended and the units completed in one batch each, the ledger postings (one per unit, as
 * before) written together, and the job counters and end-of-job checks done once per job. The statements a call
 * costs grow with the number of jobs it touches, not with its units.
 *
 * <p>Only the common case goes this way: a unit LEASED under the completion's lease, of a job that takes results
 * as they come, with embeddings that fit the model's signature. Every other completion (late, replicated, canary,
 * generated answers, refused for its signature) is left to the one-unit path ({@link LeaseEndings#complete}),
 * whose outcome is unchanged. Outcomes that need no write (unknown lease, another car's, already completed) are
 * decided here.
 */
final class BulkCompletion {
    /** One completion as the car sent it. */
    record Item(String leaseId, List<InputResult> results, Double energyWh) {
    }

    private BulkCompletion() {
    }

    /**
     * Decides and writes what it can, inside the caller's transaction.
     *
     * @return per item, its outcome; null for an item left to the one-unit path
     */
    static Outcome[] complete(Connection c, String carId, List<Item> items, Instant now, Checking checking)
            throws SQLException {
        Outcome[] outcomes = new Outcome[items.size()];
        Map<String, LeaseRecords.LeaseRecord> leases = LeaseRecords.findAll(c,
                new TreeSet<>(items.stream().map(Item::leaseId).toList()));
        Set<String> unitIds = new TreeSet<>();
        for (int i = 0; i < items.size(); i++) {
            LeaseRecords.LeaseRecord lease = leases.get(items.get(i).leaseId());
            if (lease == null || !lease.carId().equals(carId)) {
                outcomes[i] = Outcome.of(items.get(i).leaseId(), CompleteResponse.LEASE_LOST);
            } else {
                unitIds.add(lease.unitId());
            }
        }
        Map<String, UnitRow> units = UnitBatches.lockAll(c, unitIds);
        List<Integer> fast = triage(c, items, leases, units, outcomes, checking);
        List<UnitRow> rows = new ArrayList<>();
        Map<String, List<InputResult>> results = new HashMap<>();
        for (int i : fast) {
            UnitRow unit = units.get(leases.get(items.get(i).leaseId()).unitId());
            rows.add(unit);
            results.put(unit.id(), items.get(i).results());
        }
        Map<String, Set<Integer>> done = UnitBatches.indexesWithResult(c, rows);
        List<Integer> accepted = new ArrayList<>();
        for (int k = 0; k < fast.size(); k++) {
            int i = fast.get(k);
            UnitRow unit = rows.get(k);
            try {
                ResultWriter.requireCovers(unit, done.get(unit.id()), items.get(i).results());
                accepted.add(i);
            } catch (IllegalArgumentException e) {
                outcomes[i] = new Outcome(items.get(i).leaseId(), CompleteBatchResponse.INVALID, e.getMessage());
            }
        }
        write(c, carId, items, accepted, leases, units, done, results, now, checking);
        for (int i : accepted) {
            outcomes[i] = Outcome.of(items.get(i).leaseId(), CompleteResponse.ACCEPTED);
        }
        return outcomes;
    }

    /**
     * Decides the items that need no write, refuses malformed ones, and returns the indexes of those to accept here;
     * the rest stay null (the one-unit path).
     */
    private static List<Integer> triage(Connection c, List<Item> items, Map<String, LeaseRecords.LeaseRecord> leases,
                                        Map<String, UnitRow> units, Outcome[] outcomes, Checking checking)
            throws SQLException {
        List<Integer> fast = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        Map<String, ResultSignatureCheck.Signature> signatures = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (outcomes[i] != null) {
                continue;
            }
            UnitRow unit = units.get(leases.get(item.leaseId()).unitId());
            if (unit == null) {
                outcomes[i] = Outcome.of(item.leaseId(), CompleteResponse.LEASE_LOST);
                continue;
            }
            boolean mine = unit.state() == UnitState.LEASED && item.leaseId().equals(unit.leaseId());
            if (!mine && unit.state() != UnitState.QUEUED) {
                outcomes[i] = Outcome.of(item.leaseId(), unit.state() == UnitState.COMPLETED
                        ? CompleteResponse.DUPLICATE : CompleteResponse.LEASE_LOST);
                continue;
            }
            if (!mine || !taken.add(unit.id()) || !plain(c, unit, item, checking, signatures)) {
                continue; // late, a second completion of one lease in this call, or not the common case
            }
            try {
                ResultWriter.requireWellFormed(unit, item.results());
                fast.add(i);
            } catch (IllegalArgumentException e) {
                outcomes[i] = new Outcome(item.leaseId(), CompleteBatchResponse.INVALID, e.getMessage());
            }
        }
        return fast;
    }

    /** Embeddings only, for a job that takes results as they come, fitting the model's signature. */
    private static boolean plain(Connection c, UnitRow unit, Item item, Checking checking,
                                 Map<String, ResultSignatureCheck.Signature> signatures) throws SQLException {
        if (item.results() == null || item.results().stream().anyMatch(r -> r == null || r.answer() != null)) {
            return false;
        }
        if (checking != null && !checking.job(c, unit.jobId()).acceptsAsIs()) {
            return false;
        }
        ResultSignatureCheck.Signature signature = signatures.get(unit.jobId());
        if (signature == null) {
            signature = ResultSignatureCheck.of(c, unit.jobId());
            signatures.put(unit.jobId(), signature);
        }
        return signature == ResultSignatureCheck.Signature.ANY
                || ResultSignatureCheck.fault(signature, item.results()).isEmpty();
    }

    private static void write(Connection c, String carId, List<Item> items, List<Integer> accepted,
                              Map<String, LeaseRecords.LeaseRecord> leases, Map<String, UnitRow> units,
                              Map<String, Set<Integer>> done, Map<String, List<InputResult>> results, Instant now,
                              Checking checking) throws SQLException {
        if (accepted.isEmpty()) {
            return;
        }
        List<UnitRow> rows = new ArrayList<>();
        List<String> leaseIds = new ArrayList<>();
        for (int i : accepted) {
            leaseIds.add(items.get(i).leaseId());
            rows.add(units.get(leases.get(items.get(i).leaseId()).unitId()));
        }
        LeaseRecords.endAll(c, leaseIds, "completed", now);
        for (int i : accepted) {
            EnergyBound.record(c, items.get(i).leaseId(), items.get(i).energyWh(), now); // nothing for null
        }
        Map<String, Integer> stored = ResultWriter.storeNewEmbeddings(c, rows, done, results, now);
        if (checking != null) {
            List<Checking.AsIs> paid = new ArrayList<>();
            for (int k = 0; k < rows.size(); k++) {
                UnitRow unit = rows.get(k);
                paid.add(new Checking.AsIs(unit, checking.job(c, unit.jobId()), leaseIds.get(k),
                        stored.get(unit.id())));
            }
            checking.settleAllAsIs(c, carId, paid, now);
        }
        UnitBatches.completeAll(c, rows, now);
        addToJobCounters(c, rows, stored); // before the end-of-job check, which reads them
        for (String jobId : new TreeSet<>(rows.stream().map(UnitRow::jobId).toList())) {
            JobRows.finishIfAllUnitsFinal(c, jobId, now);
        }
    }

    /**
     * As late in the transaction as may be, in job order: a counter row stays locked until commit, and every completion of the
     * job takes one of its 8 stripes, so the shorter it is held the rarer a wait (measured: with the counters added
     * before the ledger postings, bulk completions of one job waited ~200 ms on average for a stripe).
     */
    private static void addToJobCounters(Connection c, List<UnitRow> rows, Map<String, Integer> stored)
            throws SQLException {
        Map<String, Long> byJob = new java.util.TreeMap<>();
        rows.forEach(unit -> byJob.merge(unit.jobId(), (long) stored.get(unit.id()), Long::sum));
        for (var job : byJob.entrySet()) {
            io.terafleet.coordinator.jobs.JobProgress.add(c, job.getKey(), job.getValue(), 0);
        }
    }
}
