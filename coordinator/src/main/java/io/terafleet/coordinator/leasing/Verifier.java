package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.EmbeddingCodec;
import io.terafleet.coordinator.jobs.JobRows;
import io.terafleet.coordinator.ledger.LedgerRepository;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.ledger.Account;
import io.terafleet.core.ledger.Settlement;
import io.terafleet.core.ledger.SettlementOutcome;
import io.terafleet.core.ledger.VerifiedUnit;
import io.terafleet.core.ledger.VerifiedWork;
import io.terafleet.core.verification.OutputComparator;
import io.terafleet.core.verification.Quorum;
import io.terafleet.core.verification.QuorumDecision;
import io.terafleet.core.verification.ReplicaResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Completes a unit of a replicated job, inside the completion's transaction: each result becomes a replica; each
 * input of the unit whose replicas are in is decided by the tolerance-aware {@link Quorum} (only cars that passed
 * a canary count, when canaries exist); an agreed answer becomes the input's result, disagreement asks for one
 * more replica (a new unit for that input, up to the job's maximum), and no consensus is an explicit error. Every
 * judged replica moves its car's trust ({@link TrustBook}), and the inputs decided now are settled in the ledger:
 * the customer pays for them once, the owners of the valid replicas share the owners' part and get their energy.
 */
final class Verifier {
    private final Verification settings;
    private final OutputComparator comparator;
    private final TrustBook trust;

    Verifier(Verification settings) {
        this.settings = settings;
        this.comparator = new OutputComparator(settings.output(), false);
        this.trust = new TrustBook(settings);
    }

    TrustBook trust() {
        return trust;
    }

    /** Stores the unit's results as replicas, completes the unit, decides what can be decided. */
    void complete(Connection c, UnitRow unit, JobVerification job, String leaseId, String carId,
                  List<InputResult> results, Instant now) throws SQLException {
        String[] owner = ReplicaRows.ownerAndHardware(c, carId);
        Set<Integer> decided = UnitRows.indexesWithResult(c, unit);
        for (InputResult result : results) {
            if (!decided.contains(result.index())) {
                ReplicaRows.insert(c, unit.jobId(), result.index(), leaseId, carId, owner[0], owner[1],
                        result.embedding(), now);
            }
        }
        UnitRows.finish(c, unit, io.terafleet.core.unit.UnitState.COMPLETED, now);
        Judgement judgement = new Judgement(TrustRows.canariesExist(c, job.model()));
        for (InputResult result : results) {
            if (!decided.contains(result.index())) {
                decide(c, unit, job, result.index(), judgement, now);
            }
        }
        judgeLate(c, unit, carId, owner[1], results, decided, judgement);
        trust.apply(c, judgement.verdictsByCar, now);
        settle(c, unit, job, leaseId, judgement, now);
        JobRows.finishIfAllUnitsFinal(c, unit.jobId(), now);
    }

    /**
     * What one completion decided: inputs agreed, and each car's verdicts. Cars' trust is read once per
     * completion: it only changes when the verdicts are applied, after every input is decided.
     */
    private static final class Judgement {
        /** Whether the model has canaries, so that only vetted cars count in a quorum. */
        final boolean gated;
        final Map<String, TrustRows.Stored> trustByCar = new java.util.HashMap<>();
        final Map<String, Boolean> heldByOwner = new java.util.HashMap<>();
        final Map<String, List<Boolean>> verdictsByCar = new LinkedHashMap<>();
        final Map<String, String[]> validLeases = new LinkedHashMap<>();
        final Map<String, Integer> validInputsByLease = new LinkedHashMap<>();
        int agreedInputs;

        Judgement(boolean gated) {
            this.gated = gated;
        }

        TrustRows.Stored trust(Connection c, String carId) throws SQLException {
            TrustRows.Stored known = trustByCar.get(carId);
            if (known == null) {
                known = TrustRows.read(c, carId, false);
                trustByCar.put(carId, known);
            }
            return known;
        }

        /** Whether the owner is on probation (read once per completion). */
        boolean held(Connection c, String ownerId, Verification settings, Instant now) throws SQLException {
            Boolean known = heldByOwner.get(ownerId);
            if (known == null) {
                known = OwnerTrustRows.held(c, ownerId, settings.probation(), now);
                heldByOwner.put(ownerId, known);
            }
            return known;
        }

        void verdict(ReplicaRows.Row row, boolean valid) {
            verdictsByCar.computeIfAbsent(row.carId(), k -> new ArrayList<>()).add(valid);
            if (valid) {
                validLeases.putIfAbsent(row.leaseId(), new String[] {row.carId(), row.ownerId()});
                validInputsByLease.merge(row.leaseId(), 1, Integer::sum);
            }
        }
    }

    /**
     * Answers for inputs another replica lane decided first are still checked against the decided result: they
     * earn nothing (the input was paid for), but a lie among them is a strike, so that a car cannot build trust
     * on the inputs that are checked and lie on the ones that are not.
     */
    private void judgeLate(Connection c, UnitRow unit, String carId, String hardware, List<InputResult> results,
                           Set<Integer> decided, Judgement judgement) throws SQLException {
        if (decided.isEmpty() || judgement.trust(c, carId).trust().isQuarantined()) {
            return;
        }
        Map<Integer, float[]> canonical = canonicalResults(c, unit);
        for (InputResult result : results) {
            float[] decidedAnswer = canonical.get(result.index());
            if (decided.contains(result.index()) && decidedAnswer != null) {
                boolean valid = comparator.compare(result.embedding(), hardware, decidedAnswer, "decided").agree();
                judgement.verdictsByCar.computeIfAbsent(carId, k -> new ArrayList<>()).add(valid);
            }
        }
    }

    private static Map<Integer, float[]> canonicalResults(Connection c, UnitRow unit) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT input_index, embedding FROM results WHERE job_id = ?"
                + " AND input_index >= ? AND input_index < ? AND embedding IS NOT NULL")) {
            q.setString(1, unit.jobId());
            q.setInt(2, unit.firstInput());
            q.setInt(3, unit.endInput());
            try (java.sql.ResultSet rows = q.executeQuery()) {
                Map<Integer, float[]> answers = new java.util.HashMap<>();
                while (rows.next()) {
                    answers.put(rows.getInt(1), EmbeddingCodec.decode(rows.getBytes(2)));
                }
                return answers;
            }
        }
    }

    private void decide(Connection c, UnitRow unit, JobVerification job, int input, Judgement judgement,
                        Instant now) throws SQLException {
        List<ReplicaRows.Row> rows = ReplicaRows.forInput(c, unit.jobId(), input);
        List<ReplicaResult> counted = new ArrayList<>();
        for (ReplicaRows.Row row : rows) {
            TrustRows.Stored car = judgement.trust(c, row.carId());
            if (!car.trust().isQuarantined() && (!judgement.gated || car.vetted())) {
                counted.add(new ReplicaResult(row.leaseId(), row.carId(), row.ownerId(), row.hardwareClass(),
                        row.vector()));
            }
        }
        int target = unit.solo() ? 1 : job.replication();
        Set<String> held = new java.util.HashSet<>();
        for (ReplicaResult replica : counted) {
            if (judgement.held(c, replica.ownerId(), settings, now)) {
                held.add(replica.ownerId());
            }
        }
        QuorumDecision<ReplicaResult> decision = new Quorum(comparator, job.maxReplicas()).decide(counted,
                Math.min(target, job.maxReplicas()), held::contains);
        switch (decision) {
            case QuorumDecision.Agreed<ReplicaResult> agreed -> accept(c, unit, input, rows, agreed.canonical(),
                    judgement, now);
            case QuorumDecision.NeedMore<ReplicaResult> more -> askForMore(c, unit, job, input, rows, now);
            case QuorumDecision.NoConsensus<ReplicaResult> none -> JobRows.failInputsWithoutResult(c, unit.jobId(),
                    input, input + 1, "no consensus: " + none.reason(), now);
        }
    }

    private void accept(Connection c, UnitRow unit, int input, List<ReplicaRows.Row> rows, ReplicaResult canonical,
                        Judgement judgement, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO results (job_id, input_index, embedding, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, unit.jobId());
            insert.setInt(2, input);
            insert.setBytes(3, EmbeddingCodec.encode(canonical.vector()));
            insert.setLong(4, now.toEpochMilli());
            insert.executeUpdate();
        }
        io.terafleet.coordinator.jobs.JobProgress.add(c, unit.jobId(), 1, 0);
        judgement.agreedInputs++;
        for (ReplicaRows.Row row : rows) {
            boolean valid = comparator.compare(row.vector(), row.hardwareClass(), canonical.vector(),
                    canonical.hardwareClass()).agree();
            ReplicaRows.judge(c, unit.jobId(), input, row.leaseId(), valid ? ReplicaRows.VALID : ReplicaRows.INVALID);
            // A quarantined car's answers are judged but never paid: its credit was voided for good.
            if (!judgement.trust(c, row.carId()).trust().isQuarantined()) {
                judgement.verdict(row, valid);
            }
        }
    }

    /** Another replica is needed: wait for a lane still covering the input, else open a unit for it alone. */
    static void askForMore(Connection c, UnitRow unit, JobVerification job, int input,
                                   List<ReplicaRows.Row> rows, Instant now) throws SQLException {
        if (ReplicaRows.inputStillCovered(c, unit.jobId(), input)) {
            return;
        }
        if (rows.size() >= job.maxReplicas()) {
            JobRows.failInputsWithoutResult(c, unit.jobId(), input, input + 1, "no consensus after "
                    + rows.size() + " replicas", now);
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO units (id, job_id, unit_index, model,"
                + " job_created_at, first_input, input_count, state, attempts, updated_at, replica)"
                + " VALUES (?, ?, ?, ?, ?, ?, 1, 'QUEUED', 0, ?, ?)")) {
            insert.setString(1, unit.jobId() + "-x" + input + "-r" + rows.size());
            insert.setString(2, unit.jobId());
            insert.setInt(3, unit.unitIndex());
            insert.setString(4, unit.model());
            insert.setLong(5, unit.jobCreatedAt());
            insert.setInt(6, input);
            insert.setLong(7, now.toEpochMilli());
            insert.setInt(8, rows.size());
            insert.executeUpdate();
        }
    }

    /** Pays for the inputs decided now, once: keyed by the unit whose completion decided them. */
    private void settle(Connection c, UnitRow unit, JobVerification job, String leaseId, Judgement judgement,
                        Instant now) throws SQLException {
        if (judgement.agreedInputs == 0 || judgement.validLeases.isEmpty()) {
            return;
        }
        List<VerifiedWork> valid = new ArrayList<>();
        Set<String> owners = new TreeSet<>();
        for (Map.Entry<String, String[]> lease : judgement.validLeases.entrySet()) {
            String owner = lease.getValue()[1];
            if (!owners.add(owner)) {
                continue;
            }
            long milliWh = LeaseEnergy.milliWhFor(c, lease.getKey(),
                    judgement.validInputsByLease.get(lease.getKey()));
            valid.add(new VerifiedWork(lease.getKey(), lease.getValue()[0], owner, milliWh, settings.microsPerKwh()));
        }
        Account payer = job.canary() ? Account.platformFees() : Account.customer(job.tenant());
        VerifiedUnit verified = new VerifiedUnit(unit.id(), unit.jobId(), payer, job.model(), judgement.agreedInputs,
                valid, now);
        SettlementOutcome outcome = new Settlement(settings.ledger().prices(), settings.ledger().terms())
                .settle(verified);
        if (outcome instanceof SettlementOutcome.Settled settled) {
            LedgerRepository.postWithin(c, settled.posting().withApiKey(job.canary() ? null : job.apiKey()));
        }
    }
}
