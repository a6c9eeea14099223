package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.generation.StoredAnswer;
import io.terafleet.coordinator.jobs.JobRows;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.verification.GenerationComparator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Completes a unit of a replicated generation job, inside the completion's transaction: each answer becomes a
 * replica; an input is decided when {@code replication} replicas agree under the {@link GenerationComparator}
 * (seeded replicas on one hardware class must produce the same tokens; across classes the tokens match up to a
 * near tie and the log-probabilities within the tolerance). The agreed answer is the input's result; every replica
 * of a decided input, a late one included, is a verdict for its car in the {@link TrustBook} (strikes, quarantine,
 * voided credit, as for embeddings); disagreement asks for another replica, up to the job's maximum.
 */
final class GenerationVerifier {
    private final GenerationComparator comparator = GenerationComparator.defaults();
    private final TrustBook trust;

    GenerationVerifier(TrustBook trust) {
        this.trust = trust;
    }

    static boolean handles(List<InputResult> results) {
        return results.stream().anyMatch(r -> r.answer() != null);
    }

    void complete(Connection c, UnitRow unit, JobVerification job, String leaseId, String carId,
                  List<InputResult> results, Instant now) throws SQLException {
        String[] owner = ReplicaRows.ownerAndHardware(c, carId);
        Set<Integer> decided = UnitRows.indexesWithResult(c, unit);
        // A lane resumed after a release: each answer is the lane's own tokens so far, continued by this car's.
        Map<Integer, StoredAnswer> progress = AnswerRows.progress(c, unit);
        Map<Integer, Long> energy = AnswerEnergy.shares(c, leaseId, results);
        for (InputResult result : results) {
            ReplicaRows.insertAnswer(c, unit.jobId(), result.index(), leaseId, carId, owner[0], owner[1],
                    progress.getOrDefault(result.index(), StoredAnswer.NONE).continuedBy(carId, result.answer(),
                            energy.getOrDefault(result.index(), 0L)).toJson(), now);
        }
        AnswerRows.drop(c, unit, progress.keySet());
        UnitRows.finish(c, unit, io.terafleet.core.unit.UnitState.COMPLETED, now);
        Map<String, List<Boolean>> verdicts = new LinkedHashMap<>();
        for (InputResult result : results) {
            decide(c, unit, job, result.index(), decided.contains(result.index()), leaseId, verdicts, now);
        }
        trust.apply(c, verdicts, now);
        JobRows.finishIfAllUnitsFinal(c, unit.jobId(), now);
    }

    /**
     * The finished answers a released replica lane handed back: each is the lane's replica of its input (judged as
     * a completed lane's would be) and is kept as the lane's finished answer, so that the lane's next car resumes after
     * it rather than generating it again.
     */
    void keepReleased(Connection c, UnitRow unit, JobVerification job, String leaseId, String carId,
                      List<InputResult> finished, Map<Integer, Long> energy, Instant now) throws SQLException {
        String[] owner = ReplicaRows.ownerAndHardware(c, carId);
        Set<Integer> decided = UnitRows.indexesWithResult(c, unit);
        Map<Integer, StoredAnswer> progress = AnswerRows.progress(c, unit);
        Map<String, List<Boolean>> verdicts = new LinkedHashMap<>();
        for (InputResult result : finished) {
            StoredAnswer so = progress.getOrDefault(result.index(), StoredAnswer.NONE);
            if (result.answer() == null || so.finished()) {
                continue;
            }
            StoredAnswer whole = so.continuedBy(carId, result.answer(), energy.getOrDefault(result.index(), 0L));
            ReplicaRows.insertAnswer(c, unit.jobId(), result.index(), leaseId, carId, owner[0], owner[1],
                    whole.toJson(), now);
            AnswerRows.save(c, unit, result.index(), whole, now);
            decide(c, unit, job, result.index(), decided.contains(result.index()), leaseId, verdicts, now);
        }
        trust.apply(c, verdicts, now);
    }

    private void decide(Connection c, UnitRow unit, JobVerification job, int input, boolean decidedBefore,
                        String leaseId, Map<String, List<Boolean>> verdicts, Instant now) throws SQLException {
        List<ReplicaRows.Row> rows = new ArrayList<>();
        for (ReplicaRows.Row row : ReplicaRows.forInput(c, unit.jobId(), input)) {
            if (!TrustRows.read(c, row.carId(), false).trust().isQuarantined()) {
                rows.add(row);
            }
        }
        if (decidedBefore) { // a late replica is still judged against the decided answer, so a lie costs a strike
            ReplicaRows.Row canonical = rows.stream().filter(r -> ReplicaRows.VALID.equals(r.verdict())).findFirst()
                    .orElse(null);
            rows.stream().filter(r -> r.leaseId().equals(leaseId)).findFirst().ifPresent(late -> {
                if (canonical != null) {
                    judgeCars(late, canonical, agree(late, canonical), verdicts);
                }
            });
            return;
        }
        int target = unit.solo() ? 1 : job.replication();
        ReplicaRows.Row best = null;
        int bestCount = 0;
        for (ReplicaRows.Row row : rows) {
            int count = (int) rows.stream().filter(other -> agree(row, other)).count();
            if (count > bestCount) {
                best = row;
                bestCount = count;
            }
        }
        if (best != null && bestCount >= Math.min(target, job.maxReplicas())) {
            accept(c, unit, input, best, now);
            for (ReplicaRows.Row row : rows) {
                boolean valid = agree(row, best);
                ReplicaRows.judge(c, unit.jobId(), input, row.leaseId(), valid ? ReplicaRows.VALID : ReplicaRows.INVALID);
                judgeCars(row, best, valid, verdicts);
            }
        } else if (rows.size() >= job.maxReplicas()) {
            JobRows.failInputsWithoutResult(c, unit.jobId(), input, input + 1, "no consensus after " + rows.size()
                    + " replicas of the answer", now);
        } else {
            Verifier.askForMore(c, unit, job, input, rows, now);
        }
    }

    /**
     * The verdict on a replica for each car that generated part of it: all valid when it agrees; else the car that
     * generated the first token departing from the decided answer is struck, the cars before it generated tokens that
     * agree (valid), and a car after it, which continued that lane's prefix, gets no verdict.
     */
    private void judgeCars(ReplicaRows.Row row, ReplicaRows.Row decided, boolean valid,
                           Map<String, List<Boolean>> verdicts) {
        StoredAnswer answer = StoredAnswer.fromJson(row.answer());
        if (answer.cars().size() <= 1) {
            verdicts.computeIfAbsent(row.carId(), k -> new ArrayList<>()).add(valid);
            return;
        }
        if (valid) {
            answer.cars().forEach(p -> verdicts.computeIfAbsent(p.carId(), k -> new ArrayList<>()).add(true));
            return;
        }
        String culprit = answer.carAt(firstDeparture(answer, StoredAnswer.fromJson(decided.answer())));
        culprit = culprit == null ? row.carId() : culprit;
        for (StoredAnswer.CarPart part : answer.cars()) {
            if (part.carId().equals(culprit)) {
                break;
            }
            verdicts.computeIfAbsent(part.carId(), k -> new ArrayList<>()).add(true);
        }
        verdicts.computeIfAbsent(culprit, k -> new ArrayList<>()).add(false);
    }

    /** The first position where the answer's token or its log-probability departs from the decided answer's. */
    private int firstDeparture(StoredAnswer answer, StoredAnswer decided) {
        int n = Math.min(answer.tokens().length, decided.tokens().length);
        for (int i = 0; i < n; i++) {
            if (answer.tokens()[i] != decided.tokens()[i]
                    || Math.abs(answer.logprobs()[i] - decided.logprobs()[i]) > comparator.logprobTolerance()) {
                return i;
            }
        }
        return n;
    }

    private boolean agree(ReplicaRows.Row a, ReplicaRows.Row b) {
        StoredAnswer x = StoredAnswer.fromJson(a.answer());
        StoredAnswer y = StoredAnswer.fromJson(b.answer());
        return comparator.replicas(x.tokens(), x.logprobs(), a.hardwareClass(), y.tokens(), y.logprobs(),
                b.hardwareClass()).agree();
    }

    private static void accept(Connection c, UnitRow unit, int input, ReplicaRows.Row canonical, Instant now)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO results (job_id, input_index, answer, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, unit.jobId());
            insert.setInt(2, input);
            insert.setString(3, canonical.answer());
            insert.setLong(4, now.toEpochMilli());
            insert.executeUpdate();
        }
        io.terafleet.coordinator.jobs.JobProgress.add(c, unit.jobId(), 1, 0);
    }
}
