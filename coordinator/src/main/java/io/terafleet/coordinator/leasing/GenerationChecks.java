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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spot checks of solo generation units, inside the lease transactions: a drawn share of completed units of jobs
 * without replicas is held (each answer kept as a pending replica, nothing delivered yet) and a check unit over the
 * same inputs (lane {@link #CHECK_LANE}) is queued for a trusted car of another owner. That car re-scores each
 * answer in one teacher-forced pass ({@link GenerationTask#checking}); the {@link GenerationComparator} compares.
 * An answer that holds becomes the input's result; one that does not is a strike for the car that generated the
 * first wrong token (the {@link TrustBook}: quarantine and voided credit at the threshold, as for embeddings), and
 * its input is generated again by a new unit. The check costs one forward pass per answer, not a second decode.
 */
final class GenerationChecks {
    /** The replica lane of check units. */
    static final int CHECK_LANE = -1;
    /** One solo unit in twenty is checked, as online answers are. */
    static final double DEFAULT_SHARE = 0.05;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Verification settings;
    private final TrustBook trust;
    private final GenerationComparator comparator = GenerationComparator.defaults();
    private volatile double share = DEFAULT_SHARE;

    GenerationChecks(Verification settings, TrustBook trust) {
        this.settings = settings;
        this.trust = trust;
    }

    static boolean isCheck(UnitRow unit) {
        return unit.replica() == CHECK_LANE;
    }

    void checkShare(double checked) {
        if (!(checked >= 0 && checked <= 1)) {
            throw new IllegalArgumentException("share: must be within [0, 1], was " + checked);
        }
        share = checked;
    }

    /**
     * Whether this completion of {@code carId} is checked: drawn at the share, and only where a trusted car of
     * another owner exists to check it (a fleet with none accepts answers as they come, as before trust exists).
     */
    boolean drawn(Connection c, String carId) throws SQLException {
        double s = share;
        if (!(s > 0 && settings.random().nextDouble() < s)) {
            return false;
        }
        String owner = ReplicaRows.ownerAndHardware(c, carId)[0];
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
            queue(c, unit, unit.id() + "-chk", CHECK_LANE, unit.firstInput(), unit.inputCount(), now);
        }
        JobRows.finishIfAllUnitsFinal(c, unit.jobId(), now);
    }

    /** A check unit goes to a trusted car whose owner answered none of its inputs. */
    boolean admits(Connection c, UnitRow check, String carId) throws SQLException {
        if (!TrustRows.read(c, carId, false).trust().isTrusted()) {
            return false;
        }
        return !ReplicaRows.ownerAlreadyOn(c, check, ReplicaRows.ownerAndHardware(c, carId)[0]);
    }

    /** The check unit's inputs as the car receives them: each task carrying the pending answer to re-score. */
    List<UnitInput> inputs(Connection c, UnitRow check, List<UnitInput> inputs) throws SQLException {
        List<UnitInput> tasks = new ArrayList<>(inputs.size());
        for (UnitInput input : inputs) {
            ReplicaRows.Row pending = pending(c, check.jobId(), input.index());
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

    /** Judges each pending answer of the check unit's inputs by the checking car's re-scoring. */
    void complete(Connection c, UnitRow check, String carId, List<InputResult> results, Instant now)
            throws SQLException {
        Map<String, List<Boolean>> verdicts = new LinkedHashMap<>();
        Map<Integer, InputResult> byIndex = new HashMap<>();
        results.forEach(r -> byIndex.put(r.index(), r));
        Set<Integer> done = UnitRows.indexesWithResult(c, check);
        for (int index = check.firstInput(); index < check.endInput(); index++) {
            ReplicaRows.Row pending = pending(c, check.jobId(), index);
            InputResult scored = byIndex.get(index);
            if (pending == null || done.contains(index) || scored == null || scored.answer() == null) {
                continue;
            }
            StoredAnswer answer = StoredAnswer.fromJson(pending.answer());
            boolean quarantined = TrustRows.read(c, pending.carId(), false).trust().isQuarantined();
            int wrongAt = quarantined ? -1 : firstWrong(answer, scored.answer());
            boolean holds = !quarantined && wrongAt < 0;
            ReplicaRows.judge(c, check.jobId(), index, pending.leaseId(), holds ? ReplicaRows.VALID
                    : ReplicaRows.INVALID);
            if (holds) {
                accept(c, check.jobId(), index, pending.answer(), now);
                answer.cars().forEach(part -> verdicts.computeIfAbsent(part.carId(), k -> new ArrayList<>()).add(true));
            } else {
                if (!quarantined) {
                    blame(answer, wrongAt, pending.carId(), verdicts);
                }
                queue(c, check, check.id() + "-re" + index, 0, index, 1, now);
            }
        }
        UnitRows.finish(c, check, UnitState.COMPLETED, now);
        trust.apply(c, verdicts, now);
        JobRows.finishIfAllUnitsFinal(c, check.jobId(), now);
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
            boolean closeLogprob = gap <= comparator.logprobTolerance();
            if (!sameToken || !closeLogprob) {
                return i;
            }
        }
        return n;
    }

    /**
     * The car that generated the first refuted token is struck; the cars before it in the answer generated tokens
     * that held, which counts for them. A car after it continued a wrong prefix honestly or not: no verdict.
     */
    private static void blame(StoredAnswer answer, int wrongAt, String finisher, Map<String, List<Boolean>> verdicts) {
        String culprit = answer.carAt(wrongAt);
        culprit = culprit == null ? finisher : culprit;
        for (StoredAnswer.CarPart part : answer.cars()) {
            if (part.carId().equals(culprit)) {
                break;
            }
            verdicts.computeIfAbsent(part.carId(), k -> new ArrayList<>()).add(true);
        }
        verdicts.computeIfAbsent(culprit, k -> new ArrayList<>()).add(false);
    }

    /** The answer of an input waiting for its check (at most one at a time), or null. */
    private static ReplicaRows.Row pending(Connection c, String jobId, int index) throws SQLException {
        for (ReplicaRows.Row row : ReplicaRows.forInput(c, jobId, index)) {
            if (row.verdict() == null && row.answer() != null) {
                return row;
            }
        }
        return null;
    }

    private static void accept(Connection c, String jobId, int index, String answerJson, Instant now)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO results (job_id, input_index, answer, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, jobId);
            insert.setInt(2, index);
            insert.setString(3, answerJson);
            insert.setLong(4, now.toEpochMilli());
            insert.executeUpdate();
        }
        io.terafleet.coordinator.jobs.JobProgress.add(c, jobId, 1, 0);
    }

    /** A new queued unit of the job: a check (lane {@link #CHECK_LANE}) or an input generated again (lane 0). */
    private static void queue(Connection c, UnitRow like, String id, int lane, int first, int count, Instant now)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO units (id, job_id, unit_index, model,"
                + " job_created_at, first_input, input_count, state, attempts, updated_at, replica)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, like.jobId());
            insert.setInt(3, like.unitIndex());
            insert.setString(4, like.model());
            insert.setLong(5, like.jobCreatedAt());
            insert.setInt(6, first);
            insert.setInt(7, count);
            insert.setLong(8, now.toEpochMilli());
            insert.setInt(9, lane);
            insert.executeUpdate();
        }
    }
}
