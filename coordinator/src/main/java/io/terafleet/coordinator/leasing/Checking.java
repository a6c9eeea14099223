package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.jobs.JobRows;
import io.terafleet.coordinator.ledger.LedgerRepository;
import io.terafleet.core.ledger.Account;
import io.terafleet.core.ledger.Settlement;
import io.terafleet.core.ledger.SettlementOutcome;
import io.terafleet.core.ledger.VerifiedUnit;
import io.terafleet.core.ledger.VerifiedWork;
import io.terafleet.core.verification.AdaptiveReplicas;
import io.terafleet.core.verification.VerificationPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Verification's hooks into leasing and completing, all inside the caller's transaction. */
final class Checking {
    private final Verification settings;
    private final Verifier verifier;
    private final GenerationVerifier generationVerifier;
    private final Canaries canaries;
    private final GenerationChecks generationChecks;

    Checking(Verification settings) {
        this.settings = settings;
        this.verifier = new Verifier(settings);
        this.generationVerifier = new GenerationVerifier(verifier.trust());
        this.canaries = new Canaries(settings, verifier.trust());
        this.generationChecks = new GenerationChecks(settings, verifier.trust());
    }

    GenerationChecks generationChecks() {
        return generationChecks;
    }

    /** The trust book every verdict moves, whatever found it (a quorum, a canary, a spot check). */
    TrustBook trust() {
        return verifier.trust();
    }

    Verifier verifier() {
        return verifier;
    }

    GenerationVerifier generationVerifier() {
        return generationVerifier;
    }

    Canaries canaries() {
        return canaries;
    }

    /**
     * Whether the car may take this unit of a replicated job (its owner holds no other replica of these inputs),
     * and the unit as it is to be leased: alone, if the car is trusted and no spot check is drawn.
     *
     * @return the unit to lease, or null to leave it for another car
     */
    UnitRow admit(Connection c, UnitRow unit, JobVerification job, String carId, Instant now) throws SQLException {
        if (job.acceptsAsIs() || job.canary()) {
            return unit;
        }
        String owner = ReplicaRows.ownerAndHardware(c, carId)[0];
        if (ReplicaRows.ownerAlreadyOn(c, unit, owner)) {
            return null;
        }
        if (!job.adaptive() || unit.replica() != 0) {
            return unit;
        }
        TrustRows.Stored trust = TrustRows.read(c, carId, false);
        VerificationPolicy policy = new VerificationPolicy(job.replication(), job.maxReplicas(), settings.output(),
                false, settings.canaryRate(), settings.trust());
        // A trusted car's generation unit is spot-checked after it is answered, by one scoring pass on a trusted car
        // ({@link #heldForCheck}), where such a car exists: far cheaper than the replica a spot check asks for here.
        boolean scored = job.adaptiveGeneration() && GenerationChecks.checkerExists(c, owner);
        boolean trustedAlone = scored ? trust.trust().isTrusted()
                : AdaptiveReplicas.replicasFor(trust.trust(), policy, settings.random()) == 1;
        // A car of an owner on probation never works alone, however trusted the car itself has become.
        boolean alone = trustedAlone && !OwnerTrustRows.held(c, owner, settings.probation(), now);
        if (!alone) {
            // A unit left alone for a trusted car that gave it back is not alone for this one: its inputs need
            // the job's replicas again (the quorum asks for them when this car's answers come in).
            return unit.solo() ? UnitRows.setSolo(c, unit, false) : unit;
        }
        retireSiblings(c, unit, now);
        return unit.solo() ? unit : UnitRows.setSolo(c, unit, true);
    }

    /**
     * Whether a completed unit's answers are held for a check instead of counting now: a drawn share of units of jobs
     * without replicas (while a trusted car of another owner exists); and, for adaptive generation jobs, a trusted
     * car's solo unit at the spot-check probability its streak gives (a check nobody takes falls back to a replica
     * at its deadline).
     */
    boolean heldForCheck(Connection c, UnitRow unit, JobVerification job, String carId) throws SQLException {
        if (job.acceptsAsIs()) {
            return generationChecks.drawn(c, carId);
        }
        if (!job.adaptiveGeneration() || !unit.solo() || unit.replica() != 0) {
            return false;
        }
        var trust = TrustRows.read(c, carId, false).trust();
        return settings.random().nextDouble() < AdaptiveReplicas.spotCheckProbability(trust, settings.trust());
    }

    /** Other lanes' queued copies of exactly this unit's inputs: a trusted car computes them alone. */
    private static void retireSiblings(Connection c, UnitRow unit, Instant now) throws SQLException {
        List<String> siblings = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM units WHERE job_id = ? AND replica <> ?"
                + " AND replica >= 0 AND state = 'QUEUED' AND first_input = ? AND input_count = ? ORDER BY id")) {
            q.setString(1, unit.jobId());
            q.setInt(2, unit.replica());
            q.setInt(3, unit.firstInput());
            q.setInt(4, unit.inputCount());
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    siblings.add(rows.getString(1));
                }
            }
        }
        for (String id : siblings) {
            var locked = UnitRows.lockIfQueued(c, id);
            if (locked.isPresent()) {
                UnitRows.retire(c, locked.get(), now);
            }
        }
    }

    /** A unit of a replicated job whose every input other lanes already decided: nothing left to compute. */
    void retireDecided(Connection c, UnitRow unit, Instant now) throws SQLException {
        UnitRows.retire(c, unit, now);
        JobRows.finishIfAllUnitsFinal(c, unit.jobId(), now);
    }

    /** Pays for a unit of a job that accepts results as they come: the customer chose no verification. */
    void settleAsIs(Connection c, UnitRow unit, JobVerification job, String leaseId, String carId, int inputs,
                    Instant now) throws SQLException {
        settle(c, unit.id(), unit, job, leaseId, carId, inputs, now);
    }

    /**
     * Pays for the inputs a release delivered. Its own settlement (keyed by unit and lease), because the unit's
     * remaining inputs are settled under the unit's key when another car completes them.
     */
    void settleReleased(Connection c, UnitRow unit, JobVerification job, String leaseId, String carId, int inputs,
                        Instant now) throws SQLException {
        settle(c, unit.id() + "@" + leaseId, unit, job, leaseId, carId, inputs, now);
    }

    /** One unit of a bulk completion to be paid as it came: what {@link #settleAsIs} takes for one. */
    record AsIs(UnitRow unit, JobVerification job, String leaseId, int inputs) {
    }

    /**
     * {@link #settleAsIs} for several units completed by one car in one call: the car's trust, its owner and the
     * leases' energy are read once for all of them, and the postings (one per unit, under each unit's key as
     * before) are written together.
     */
    void settleAllAsIs(Connection c, String carId, List<AsIs> units, Instant now) throws SQLException {
        List<AsIs> paid = units.stream().filter(u -> u.inputs() > 0).toList();
        if (paid.isEmpty() || TrustRows.read(c, carId, false).trust().isQuarantined()) {
            return;
        }
        String owner = ReplicaRows.ownerAndHardware(c, carId)[0];
        java.util.Map<String, Long> energy = LeaseEnergy.milliWhAll(c, paid.stream().map(AsIs::leaseId).toList());
        Settlement settlement = new Settlement(settings.ledger().prices(), settings.ledger().terms());
        List<io.terafleet.core.ledger.Posting> postings = new ArrayList<>();
        for (AsIs unit : paid) {
            var work = new VerifiedWork(unit.leaseId(), carId, owner, energy.getOrDefault(unit.leaseId(), 0L),
                    settings.microsPerKwh());
            var done = new VerifiedUnit(unit.unit().id(), unit.unit().jobId(), Account.customer(unit.job().tenant()),
                    unit.job().model(), unit.inputs(), List.of(work), now);
            if (settlement.settle(done) instanceof SettlementOutcome.Settled settled) {
                postings.add(settled.posting().withApiKey(unit.job().apiKey()));
            }
        }
        LedgerRepository.postAllWithin(c, postings);
    }

    private void settle(Connection c, String settlementRef, UnitRow unit, JobVerification job, String leaseId,
                        String carId, int inputs, Instant now) throws SQLException {
        if (inputs == 0 || TrustRows.read(c, carId, false).trust().isQuarantined()) {
            return;
        }
        String owner = ReplicaRows.ownerAndHardware(c, carId)[0];
        var work = new VerifiedWork(leaseId, carId, owner, LeaseEnergy.milliWh(c, leaseId), settings.microsPerKwh());
        var unitDone = new VerifiedUnit(settlementRef, unit.jobId(), Account.customer(job.tenant()), job.model(), inputs,
                List.of(work), now);
        if (new Settlement(settings.ledger().prices(), settings.ledger().terms()).settle(unitDone)
                instanceof SettlementOutcome.Settled settled) {
            LedgerRepository.postWithin(c, settled.posting().withApiKey(job.apiKey()));
        }
    }

    /**
     * A job's verification settings, which never change once the job exists: read from the store once per job and
     * kept (bounded), so that leases and completions do not read the job row again.
     */
    JobVerification job(java.sql.Connection c, String jobId) throws java.sql.SQLException {
        JobVerification known = jobs.get(jobId);
        if (known != null) {
            return known;
        }
        JobVerification stored = JobVerification.read(c, jobId);
        if (jobs.size() >= MAX_KNOWN_JOBS) {
            jobs.clear();
        }
        jobs.put(jobId, stored);
        return stored;
    }

    private static final int MAX_KNOWN_JOBS = 100_000;
    private final java.util.Map<String, JobVerification> jobs = new java.util.concurrent.ConcurrentHashMap<>();
}
