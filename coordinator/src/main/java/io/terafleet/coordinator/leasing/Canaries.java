package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.EmbeddingCodec;
import io.terafleet.coordinator.generation.StoredAnswer;
import io.terafleet.core.verification.GenerationComparator;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.jobs.JobRows;
import io.terafleet.coordinator.jobs.JobSpec;
import io.terafleet.coordinator.jobs.NewInput;
import io.terafleet.coordinator.ledger.LedgerRepository;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.ledger.Account;
import io.terafleet.core.ledger.Settlement;
import io.terafleet.core.ledger.SettlementOutcome;
import io.terafleet.core.ledger.VerifiedUnit;
import io.terafleet.core.ledger.VerifiedWork;
import io.terafleet.core.scheduling.PriorityClass;
import io.terafleet.core.unit.UnitState;
import io.terafleet.core.verification.OutputComparator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Canary units: inputs with known answers, made into a job that looks like any other (same id form, same model,
 * same unit size) and leased to a car to check it. A car must pass one before its replicas count in a quorum, and
 * vetted cars get one now and then ({@link Verification#canaryRate()}). The platform pays for them.
 */
final class Canaries {
    static final String PLATFORM = "platform";

    private final Verification settings;
    private final OutputComparator comparator;
    private final TrustBook trust;

    Canaries(Verification settings, TrustBook trust) {
        this.settings = settings;
        this.comparator = new OutputComparator(settings.output(), false);
        this.trust = trust;
    }

    /**
     * Whether this lease should be a canary for the car: always until it is vetted, then now and then — more often
     * while its owner is on probation.
     */
    boolean due(Connection c, TrustRows.Stored car, String model, Instant now) throws SQLException {
        if (!TrustRows.canariesExist(c, model)) {
            return false;
        }
        if (!car.vetted()) {
            return true;
        }
        String owner = ReplicaRows.ownerAndHardware(c, car.trust().carId())[0];
        double rate = OwnerTrustRows.held(c, owner, settings.probation(), now)
                ? Math.max(settings.canaryRate(), settings.probation().canaryRate()) : settings.canaryRate();
        return settings.random().nextDouble() < rate;
    }

    /** Makes a canary job of known answers and leases its one unit to the car. */
    Optional<LeasedUnit> lease(Connection c, String carId, String model, Instant now, Instant expiresAt,
                               Supplier<String> leaseIds) throws SQLException {
        List<NewInput> inputs = draw(c, model);
        if (inputs.isEmpty()) {
            return Optional.empty();
        }
        String jobId = settings.jobIds().get();
        JobRepository.insertWithin(c, new JobSpec(jobId, model, PLATFORM, PriorityClass.BATCH, null, inputs.size()),
                inputs, now);
        try (PreparedStatement mark = c.prepareStatement("UPDATE jobs SET canary = TRUE WHERE id = ?")) {
            mark.setString(1, jobId);
            mark.executeUpdate();
        }
        UnitRow unit = UnitRows.lock(c, jobId + "-u0").orElseThrow();
        String leaseId = leaseIds.get();
        UnitRows.markLeased(c, unit, leaseId, carId, expiresAt, 1, now);
        LeaseRecords.insert(c, leaseId, unit.id(), carId, now);
        JobRows.markStarted(c, jobId, now);
        return Optional.of(new LeasedUnit(unit.id(), leaseId, jobId, model, expiresAt,
                UnitRows.inputsWithoutResult(c, unit)));
    }

    private List<NewInput> draw(Connection c, String model) throws SQLException {
        List<NewInput> pool = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT id, input_text FROM canary_answers WHERE model = ? ORDER BY id")) {
            q.setString(1, model);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    pool.add(new NewInput(rows.getString(1), rows.getString(2)));
                }
            }
        }
        List<NewInput> drawn = new ArrayList<>();
        for (int i = 0; i < settings.canaryInputs() && !pool.isEmpty(); i++) {
            drawn.add(pool.remove(settings.random().nextInt(pool.size())));
        }
        return drawn;
    }

    /** Checks a canary unit's results against the known answers; the job keeps the known answers as results. */
    void complete(Connection c, UnitRow unit, JobVerification job, String leaseId, String carId,
                  List<InputResult> results, Instant now) throws SQLException {
        Map<Integer, Known> known = knownAnswers(c, unit);
        String hardware = ReplicaRows.ownerAndHardware(c, carId)[1];
        boolean passed = results.stream().allMatch(r -> known.containsKey(r.index())
                && matches(r, hardware, known.get(r.index())));
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO results (job_id, input_index, embedding,"
                + " answer, created_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<Integer, Known> answer : known.entrySet()) {
                insert.setString(1, unit.jobId());
                insert.setInt(2, answer.getKey());
                insert.setBytes(3, answer.getValue().embedding() == null ? null
                        : EmbeddingCodec.encode(answer.getValue().embedding()));
                insert.setString(4, answer.getValue().answer());
                insert.setLong(5, now.toEpochMilli());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        io.terafleet.coordinator.jobs.JobProgress.add(c, unit.jobId(), known.size(), 0);
        UnitRows.finish(c, unit, UnitState.COMPLETED, now);
        boolean quarantined = TrustRows.read(c, carId, false).trust().isQuarantined();
        trust.judge(c, carId, passed, true, now);
        // A quarantined car's late work is judged but never paid: its credit was voided for good.
        if (passed && !quarantined) {
            String owner = ReplicaRows.ownerAndHardware(c, carId)[0];
            var work = new VerifiedWork(leaseId, carId, owner, LeaseEnergy.milliWh(c, leaseId), settings.microsPerKwh());
            var verified = new VerifiedUnit(unit.id(), unit.jobId(), Account.platformFees(), job.model(),
                    results.size(), List.of(work), now);
            if (new Settlement(settings.ledger().prices(), settings.ledger().terms()).settle(verified)
                    instanceof SettlementOutcome.Settled settled) {
                LedgerRepository.postWithin(c, settled.posting());
            }
        }
        JobRows.finishIfAllUnitsFinal(c, unit.jobId(), now);
    }

    /** A known answer: an embedding, or a generated answer's JSON ({@link StoredAnswer}). */
    private record Known(float[] embedding, String answer) {
    }

    /**
     * Whether a car's result is the known answer: an embedding within the tolerance; a generated answer with the
     * known greedy tokens, as two replicas on different hardware classes must agree (the known answer was computed
     * once, elsewhere: a near tie may part them, log-probabilities within the tolerance).
     */
    private boolean matches(InputResult result, String hardware, Known known) {
        if (known.answer() == null) {
            return result.embedding() != null
                    && comparator.compare(result.embedding(), "car", known.embedding(), "reference").agree();
        }
        if (result.answer() == null || !result.answer().finished() || result.answer().resumed() != 0) {
            return false;
        }
        StoredAnswer expected = StoredAnswer.fromJson(known.answer());
        return generations.replicas(result.answer().tokens(), result.answer().logprobs(), hardware,
                expected.tokens(), expected.logprobs(), REFERENCE).agree();
    }

    /** The hardware class a known answer is compared as: never a car's, so the cross-class rule applies. */
    private static final String REFERENCE = "reference";
    private final GenerationComparator generations = GenerationComparator.defaults();

    private static Map<Integer, Known> knownAnswers(Connection c, UnitRow unit) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT i.input_index, a.embedding, a.answer FROM inputs i"
                + " JOIN canary_answers a ON a.id = i.custom_id WHERE i.job_id = ? AND i.input_index >= ?"
                + " AND i.input_index < ?")) {
            q.setString(1, unit.jobId());
            q.setInt(2, unit.firstInput());
            q.setInt(3, unit.endInput());
            try (ResultSet rows = q.executeQuery()) {
                Map<Integer, Known> known = new HashMap<>();
                while (rows.next()) {
                    byte[] embedding = rows.getBytes(2);
                    known.put(rows.getInt(1), new Known(embedding == null ? null : EmbeddingCodec.decode(embedding),
                            rows.getString(3)));
                }
                return known;
            }
        }
    }
}
