package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.generation.StoredAnswer;
import io.terafleet.coordinator.jobs.JobRows;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.verification.GenerationComparator;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replica checks (lane {@link GenerationChecks#REPLICA_CHECK_LANE}): held answers whose check no trusted car took
 * before its deadline are generated again by a car of another owner (same seed) and compared as replicas are
 * ({@link GenerationComparator#replicas}). Two that agree decide: the agreed answer is delivered, each replica judged
 * against it (a car whose answer departs is struck, as in replicated jobs). Two that disagree decide nothing: a third
 * car of yet another owner is asked; three with no two agreeing fail the input. The checking car of an answer that
 * agreed but was not the one delivered is paid by the platform as any checking car.
 */
final class ReplicaChecks {
    private static final int MOST_ANSWERS = 3;

    private final Verification settings;
    private final TrustBook trust;
    private final java.util.function.Supplier<java.time.Duration> deadline;
    private final GenerationComparator comparator = GenerationComparator.defaults();

    ReplicaChecks(Verification settings, TrustBook trust, java.util.function.Supplier<java.time.Duration> deadline) {
        this.settings = settings;
        this.trust = trust;
        this.deadline = deadline;
    }

    void complete(Connection c, UnitRow check, String leaseId, String carId, List<InputResult> results,
                  Map<Integer, Long> energy, Instant now) throws SQLException {
        String[] owner = ReplicaRows.ownerAndHardware(c, carId);
        Set<Integer> done = UnitRows.indexesWithResult(c, check);
        Map<Integer, StoredAnswer> progress = AnswerRows.progress(c, check);
        Map<String, List<Boolean>> verdicts = new LinkedHashMap<>();
        for (InputResult result : results) {
            if (done.contains(result.index()) || result.answer() == null) {
                continue;
            }
            StoredAnswer whole = progress.getOrDefault(result.index(), StoredAnswer.NONE)
                    .continuedBy(carId, result.answer(), energy.getOrDefault(result.index(), 0L));
            ReplicaRows.insertAnswer(c, check.jobId(), result.index(), leaseId, carId, owner[0], owner[1],
                    whole.toJson(), now);
            decide(c, check, result.index(), verdicts, now);
        }
        AnswerRows.drop(c, check, progress.keySet());
        trust.apply(c, verdicts, now);
    }

    /** The answers of the input still undecided, of cars not quarantined, oldest (the held one) first. */
    static List<ReplicaRows.Row> undecided(Connection c, String jobId, int index) throws SQLException {
        List<ReplicaRows.Row> open = new ArrayList<>();
        for (ReplicaRows.Row row : ReplicaRows.forInput(c, jobId, index)) {
            if (row.verdict() == null && row.answer() != null
                    && !TrustRows.read(c, row.carId(), false).trust().isQuarantined()) {
                open.add(row);
            }
        }
        return open;
    }

    private void decide(Connection c, UnitRow check, int index, Map<String, List<Boolean>> verdicts, Instant now)
            throws SQLException {
        List<ReplicaRows.Row> rows = undecided(c, check.jobId(), index);
        ReplicaRows.Row best = null;
        int bestCount = 0;
        for (ReplicaRows.Row row : rows) {
            int count = (int) rows.stream().filter(other -> agree(row, other)).count();
            if (count > bestCount) {
                best = row;
                bestCount = count;
            }
        }
        if (best != null && bestCount >= 2) {
            HeldAnswers.deliver(c, check.jobId(), index, best.answer(), now);
            for (ReplicaRows.Row row : rows) {
                judge(c, check, index, row, best, verdicts, now);
            }
        } else if (rows.size() >= MOST_ANSWERS) {
            for (ReplicaRows.Row row : rows) {
                ReplicaRows.judge(c, check.jobId(), index, row.leaseId(), ReplicaRows.INVALID);
            }
            JobRows.failInputsWithoutResult(c, check.jobId(), index, index + 1, "no two of " + rows.size()
                    + " answers of cars of different owners agree", now);
        } else {
            // One word against another: nobody is judged; a car of a third owner decides.
            String id = check.id().replaceFirst("\\.\\d+$", "") + "." + index;
            HeldAnswers.queue(c, check, id, GenerationChecks.REPLICA_CHECK_LANE, index, 1, now);
            CheckDeadlines.set(c, id, check.jobId(), now.plus(deadline.get()));
        }
    }

    private void judge(Connection c, UnitRow check, int index, ReplicaRows.Row row, ReplicaRows.Row best,
                       Map<String, List<Boolean>> verdicts, Instant now) throws SQLException {
        boolean valid = agree(row, best);
        ReplicaRows.judge(c, check.jobId(), index, row.leaseId(), valid ? ReplicaRows.VALID : ReplicaRows.INVALID);
        StoredAnswer answer = StoredAnswer.fromJson(row.answer());
        if (!valid) {
            HeldAnswers.blame(answer, firstDeparture(answer, StoredAnswer.fromJson(best.answer())), row.carId(),
                    verdicts);
            return;
        }
        HeldAnswers.allValid(answer, row.carId(), verdicts);
        if (row != best) { // a confirmation not delivered: paid as a check, the car's own part of it
            long milliWh = answer.cars().stream().filter(p -> p.carId().equals(row.carId()))
                    .mapToLong(StoredAnswer.CarPart::milliWh).sum();
            long tokens = answer.cars().stream().filter(p -> p.carId().equals(row.carId()))
                    .mapToLong(StoredAnswer.CarPart::tokens).sum();
            CheckPay.pay(c, settings, "rep:" + row.leaseId() + ":" + index, row.leaseId(), row.carId(),
                    check.model(), answer.promptTokens(), tokens, milliWh, now);
        }
    }

    private boolean agree(ReplicaRows.Row a, ReplicaRows.Row b) {
        StoredAnswer x = StoredAnswer.fromJson(a.answer());
        StoredAnswer y = StoredAnswer.fromJson(b.answer());
        return comparator.replicas(x.tokens(), x.logprobs(), a.hardwareClass(), y.tokens(), y.logprobs(),
                b.hardwareClass()).agree();
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
}
