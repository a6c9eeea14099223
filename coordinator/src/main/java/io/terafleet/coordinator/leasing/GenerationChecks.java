package io.terafleet.coordinator.leasing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.generation.StoredAnswer;
import io.terafleet.coordinator.jobs.JobRows;
import io.terafleet.core.api.GeneratedAnswer;
import io.terafleet.core.api.GenerationTask;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.UnitInput;
import io.terafleet.core.unit.UnitState;
import io.terafleet.core.verification.GenerationComparator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spot checks of solo generation units, inside the lease transactions: a drawn share of completed units of jobs
 * without replicas (and of trusted cars' solo units of adaptive jobs) is held (each answer kept as a pending replica,
 * nothing delivered yet) and a check unit over the same inputs (lane {@link #CHECK_LANE}) is queued for a trusted car
 * of another owner. That car re-scores each answer in one teacher-forced pass ({@link GenerationTask#checking}); the
 * {@link GenerationComparator} compares. An answer that holds becomes the input's result. One that does not is not
 * struck on that one word: a second trusted car, of an owner other than the answer's and the first checker's, checks
 * it again ({@link CheckDisputes}); only when it refutes too is the car that generated the first wrong token struck
 * (the {@link TrustBook}) and the input generated again. Every check falls due at a deadline ({@link CheckDeadlines}):
 * a check nobody took by then becomes a replica check ({@link ReplicaChecks}). Checking cars are paid by the platform
 * ({@link CheckPay}). A check costs one forward pass per answer, not a second decode.
 */
final class GenerationChecks {
    /** The replica lane of check units. */
    static final int CHECK_LANE = -1;
    /** The lane of a second check of answers the first check refuted. */
    static final int SECOND_CHECK_LANE = -2;
    /** The lane of a check by a second decode on a car of another owner, after a check's deadline passed. */
    static final int REPLICA_CHECK_LANE = -3;
    /** One solo unit in twenty is checked, as online answers are. */
    static final double DEFAULT_SHARE = 0.05;
    /** How long a check may wait for a trusted car before the answers are checked another way. */
    static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Verification settings;
    private final TrustBook trust;
    private final GenerationComparator comparator = GenerationComparator.defaults();
    private final ReplicaChecks replicaChecks;
    private volatile double share = DEFAULT_SHARE;
    private volatile Duration deadline = DEFAULT_DEADLINE;

    GenerationChecks(Verification settings, TrustBook trust) {
        this.settings = settings;
        this.trust = trust;
        this.replicaChecks = new ReplicaChecks(settings, trust, this::deadline);
    }

    /** A unit that re-scores held answers (a first or second check). */
    static boolean isCheck(UnitRow unit) {
        return isCheckLane(unit.replica());
    }

    /** Whether units of this lane re-score answers (their energy is a forward pass's, not a decode's). */
    static boolean isCheckLane(int lane) {
        return lane == CHECK_LANE || lane == SECOND_CHECK_LANE;
    }

    /** Any unit that checks held answers: a scoring check or a replica check. */
    static boolean isCheckWork(UnitRow unit) {
        return unit.replica() < 0;
    }

    void checkShare(double checked) {
        if (!(checked >= 0 && checked <= 1)) {
            throw new IllegalArgumentException("share: must be within [0, 1], was " + checked);
        }
        share = checked;
    }

    void checkDeadline(Duration due) {
        if (due == null || due.isNegative() || due.isZero()) {
            throw new IllegalArgumentException("deadline: must be positive, was " + due);
        }
        deadline = due;
    }

    Duration deadline() {
        return deadline;
    }

    /**
     * Whether this completion of {@code carId} is checked: drawn at the share, and only where a trusted car of
     * another owner exists to check it (a fleet with none accepts answers as they come, as before trust exists).
     */
    boolean drawn(Connection c, String carId) throws SQLException {
        double s = share;
        return s > 0 && settings.random().nextDouble() < s
                && checkerExists(c, ReplicaRows.ownerAndHardware(c, carId)[0]);
    }

    /** Whether some trusted car of an owner other than {@code owner} exists: a scoring check can be had. */
    static boolean checkerExists(Connection c, String owner) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM car_trust t LEFT JOIN cars k ON k.id = t.car_id"
                + " WHERE t.state = 'TRUSTED' AND COALESCE(k.owner_id, t.car_id) <> ? LIMIT 1")) {
            q.setString(1, owner);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Keeps the unit's answers pending, completes the unit and queues its check. */
    void hold(Connection c, UnitRow unit, String leaseId, String carId, List<InputResult> results,
              Map<Integer, Long> energy, Instant now) throws SQLException {
        String[] owner = ReplicaRows.ownerAndHardware(c, carId);
        Map<Integer, StoredAnswer> progress = AnswerRows.progress(c, unit);
        Set<Integer> done = UnitRows.indexesWithResult(c, unit);
        List<Integer> held = new ArrayList<>();
        for (InputResult result : results) {
            if (done.contains(result.index())) {
                continue;
            }
            StoredAnswer whole = progress.getOrDefault(result.index(), StoredAnswer.NONE)
                    .continuedBy(carId, result.answer(), energy.getOrDefault(result.index(), 0L));
            ReplicaRows.insertAnswer(c, unit.jobId(), result.index(), leaseId, carId, owner[0], owner[1],
                    whole.toJson(), now);
            held.add(result.index());
        }
        AnswerRows.drop(c, unit, progress.keySet().stream().filter(held::contains).toList());
        UnitRows.finish(c, unit, UnitState.COMPLETED, now);
        if (!held.isEmpty()) {
            queueCheck(c, unit, unit.id() + "-chk", CHECK_LANE, unit.firstInput(), unit.inputCount(), now);
        }
        JobRows.finishIfAllUnitsFinal(c, unit.jobId(), now);
    }

    /** A check unit, due at the deadline. */
    void queueCheck(Connection c, UnitRow like, String id, int lane, int first, int count, Instant now)
            throws SQLException {
        HeldAnswers.queue(c, like, id, lane, first, count, now);
        CheckDeadlines.set(c, id, like.jobId(), now.plus(deadline));
    }

    /**
     * A check unit goes to a trusted car whose owner answered none of its inputs (a second check, also to none whose
     * owner's car refuted them); a replica check to any car of such an owner.
     */
    boolean admits(Connection c, UnitRow check, String carId) throws SQLException {
        if (check.replica() != REPLICA_CHECK_LANE && !TrustRows.read(c, carId, false).trust().isTrusted()) {
            return false;
        }
        String owner = ReplicaRows.ownerAndHardware(c, carId)[0];
        return !ReplicaRows.ownerAlreadyOn(c, check, owner) && !CheckDisputes.refutedByOwner(c, check, owner);
    }

    /** The check unit's inputs as the car receives them: each task carrying the pending answer to re-score. */
    List<UnitInput> inputs(Connection c, UnitRow check, List<UnitInput> inputs) throws SQLException {
        List<UnitInput> tasks = new ArrayList<>(inputs.size());
        for (UnitInput input : inputs) {
            ReplicaRows.Row pending = HeldAnswers.pending(c, check.jobId(), input.index());
            int[] tokens = pending == null ? new int[0] : StoredAnswer.fromJson(pending.answer()).tokens();
            try {
                GenerationTask task = JSON.readValue(input.text(), GenerationTask.class);
                tasks.add(new UnitInput(input.index(), JSON.writeValueAsString(task.checking(tokens))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a generation input is not a task: " + e.getMessage(), e);
            }
        }
        return tasks;
    }

    /** Completes a check unit of any lane: judges the held answers and pays the checking car. */
    void complete(Connection c, UnitRow check, String leaseId, String carId, List<InputResult> results,
                  Map<Integer, Long> energy, Instant now) throws SQLException {
        if (check.replica() == REPLICA_CHECK_LANE) {
            replicaChecks.complete(c, check, leaseId, carId, results, energy, now);
        } else {
            Map<String, List<Boolean>> verdicts = new LinkedHashMap<>();
            long scored = judgeScored(c, check, carId, results, verdicts, now);
            CheckPay.pay(c, settings, check.id(), leaseId, carId, check.model(), scored, 0,
                    LeaseEnergy.milliWh(c, leaseId), now);
            trust.apply(c, verdicts, now);
        }
        CheckDeadlines.clear(c, check.id());
        UnitRows.finish(c, check, UnitState.COMPLETED, now);
        JobRows.finishIfAllUnitsFinal(c, check.jobId(), now);
    }

    /**
     * Judges each pending answer of the check unit's inputs by the checking car's re-scoring.
     *
     * @return the tokens the checking car processed (prompts and answers), which it is paid for
     */
    private long judgeScored(Connection c, UnitRow check, String carId, List<InputResult> results,
                             Map<String, List<Boolean>> verdicts, Instant now) throws SQLException {
        Map<Integer, InputResult> byIndex = new HashMap<>();
        results.forEach(r -> byIndex.put(r.index(), r));
        Set<Integer> done = UnitRows.indexesWithResult(c, check);
        String checkerOwner = ReplicaRows.ownerAndHardware(c, carId)[0];
        long scored = 0;
        for (int index = check.firstInput(); index < check.endInput(); index++) {
            ReplicaRows.Row pending = HeldAnswers.pending(c, check.jobId(), index);
            InputResult result = byIndex.get(index);
            if (pending == null || done.contains(index) || result == null || result.answer() == null) {
                continue;
            }
            StoredAnswer answer = StoredAnswer.fromJson(pending.answer());
            scored += answer.promptTokens() + answer.tokens().length;
            boolean quarantined = TrustRows.read(c, pending.carId(), false).trust().isQuarantined();
            int wrongAt = quarantined ? -1 : firstWrong(answer, result.answer());
            if (!quarantined && wrongAt < 0) {
                boolean disputed = check.replica() == SECOND_CHECK_LANE;
                ReplicaRows.judge(c, check.jobId(), index, pending.leaseId(), ReplicaRows.VALID);
                HeldAnswers.deliver(c, check.jobId(), index, pending.answer(), now);
                if (disputed) { // the first checker refuted it: checkers disagree, nobody is judged on one word
                    CheckDisputes.decide(c, check.jobId(), index, pending.leaseId(), carId, false, now);
                } else {
                    HeldAnswers.allValid(answer, pending.carId(), verdicts);
                }
            } else if (!quarantined && check.replica() == CHECK_LANE) {
                CheckDisputes.record(c, check.jobId(), index, pending.leaseId(), carId, checkerOwner, wrongAt, now);
                if (CheckDisputes.secondCheckerExists(c, pending.ownerId(), checkerOwner)) {
                    queueCheck(c, check, check.id() + "-2nd" + index, SECOND_CHECK_LANE, index, 1, now);
                } else { // a fleet with one trusted owner: its word stands, recorded as decided alone
                    CheckDisputes.decide(c, check.jobId(), index, pending.leaseId(), null, true, now);
                    refuted(c, check, index, pending, answer, wrongAt, carId, verdicts, now);
                }
            } else {
                refuted(c, check, index, pending, answer, quarantined ? -1 : wrongAt, carId, verdicts, now);
            }
        }
        return scored;
    }

    /**
     * Refuted by two checkers (or generated by a car quarantined since): the answer is invalid and its input generated
     * again; the car of the first refuted token is struck, unless it is quarantined already.
     */
    private void refuted(Connection c, UnitRow check, int index, ReplicaRows.Row pending, StoredAnswer answer,
                         int wrongAt, String checker, Map<String, List<Boolean>> verdicts, Instant now)
            throws SQLException {
        ReplicaRows.judge(c, check.jobId(), index, pending.leaseId(), ReplicaRows.INVALID);
        if (check.replica() == SECOND_CHECK_LANE) {
            CheckDisputes.decide(c, check.jobId(), index, pending.leaseId(), checker, true, now);
        }
        if (wrongAt >= 0) {
            HeldAnswers.blame(answer, wrongAt, pending.carId(), verdicts);
        }
        HeldAnswers.queue(c, check, check.id() + "-re" + index, 0, index, 1, now);
    }

    /** The first position the check refutes, or -1 when the answer holds. */
    private int firstWrong(StoredAnswer answer, GeneratedAnswer check) {
        if (comparator.teacherForced(answer.tokens(), answer.logprobs(), check.tokens(), check.logprobs()).agree()) {
            return -1;
        }
        int n = Math.min(answer.tokens().length, check.tokens().length);
        for (int i = 0; i < n; i++) {
            boolean sameToken = answer.tokens()[i] == check.tokens()[i];
            double gap = Math.abs(answer.logprobs()[i] - check.logprobs()[i]);
            if (!sameToken || gap > comparator.logprobTolerance()) {
                return i;
            }
        }
        return n;
    }
}
