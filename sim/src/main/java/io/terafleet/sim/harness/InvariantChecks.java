package io.terafleet.sim.harness;

import io.terafleet.coordinator.db.EmbeddingCodec;
import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.policy.PolicyEvaluator;
import io.terafleet.core.policy.UsageSoFar;
import io.terafleet.core.vehicle.Eligibility;
import io.terafleet.core.vehicle.Gear;
import io.terafleet.core.vehicle.VehicleState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The invariants of the shared design, checked against the simulated cars and the coordinator's real store:
 * <ul>
 *   <li>I1: a car asks for (and so runs) work only when core's owner-policy evaluator says it may;</li>
 *   <li>I2: every input of every job ends with exactly one outcome, and each stored embedding is the one
 *       computed for that very input;</li>
 *   <li>I4: no unit has more than one live lease (replication factor 1);</li>
 *   <li>liveness: every job ends within {@link HarnessConfig#liveness()}.</li>
 * </ul>
 * The first violation of each kind is kept with its details; later ones are counted.
 */
final class InvariantChecks {
    private static final OwnerPolicy POLICY = OwnerPolicy.builder().optedIn(true).build();

    private final HarnessConfig config;
    private final Adversity adversity;
    private VerificationSummary verification = VerificationSummary.NONE;
    private final PolicyEvaluator evaluator = new PolicyEvaluator(ComputeHardware.HW3);
    private final List<String> violations = new ArrayList<>();
    private int jobsEnded;
    private long inputs;
    private long results;
    private long errors;

    InvariantChecks(HarnessConfig config, Adversity adversity) {
        this.config = config;
        this.adversity = adversity;
    }

    /** I1: the car is about to ask for work; core's evaluator must allow it in the car's current state. */
    void beforeCompute(SimCar car, Instant now) {
        VehicleState state = car.parked ? VehicleState.parkedIdle(now, 80, true)
                : VehicleState.builder(now).selectedGear(Gear.DRIVE).speedKmh(50).build();
        if (!(evaluator.decide(state, POLICY, UsageSoFar.NONE, now) instanceof Eligibility.Eligible)) {
            violate("I1: " + car.id + " asked for work at " + now + " while its owner policy forbids it");
        }
    }

    /** After every event: a car that is away holds no unit (it cannot compute while driving). */
    void afterEvent(List<SimCar> cars) {
        for (SimCar car : cars) {
            if (car.busy() && !car.parked) {
                violate("I1: " + car.id + " holds unit " + car.unit.unitId() + " while driving");
            }
        }
    }

    /** I3 and I4 against the store: the ledger balances and traces, at most one open lease per leased unit. */
    void store(SimCoordinator coordinator, Instant now) {
        var ledger = coordinator.ledger();
        long sum = ledger.sumOfAllEntries();
        if (sum != 0) {
            violate("I3: the ledger sums to " + sum + " at " + now);
        }
        List<String> ledgerProblems = ledger.invariantViolations();
        if (!ledgerProblems.isEmpty()) {
            violate("I3: " + ledgerProblems.getFirst() + " at " + now);
        }
        unearnedCredit(coordinator, now);
        coordinator.database().inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT l.unit_id, COUNT(*) FROM leases l"
                    + " JOIN units u ON u.id = l.unit_id WHERE l.ended_at IS NULL AND u.state = 'LEASED'"
                    + " GROUP BY l.unit_id HAVING COUNT(*) > 1");
                 ResultSet rows = q.executeQuery()) {
                if (rows.next()) {
                    violate("I4: unit " + rows.getString(1) + " has " + rows.getInt(2) + " live leases at " + now);
                }
            }
            return null;
        });
    }

    boolean allEnded(SimCoordinator coordinator, List<String> jobIds) {
        return jobIds.stream().allMatch(id -> coordinator.jobs().status(id).map(s -> s.ended()).orElse(false));
    }

    /** I3: no owner is credited for a result judged invalid (and never for one judged valid elsewhere). */
    private void unearnedCredit(SimCoordinator coordinator, Instant now) {
        coordinator.database().inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT e.result_id FROM ledger_entries e"
                    + " WHERE e.account_type = 'OWNER' AND e.amount_micros > 0 AND e.result_id IS NOT NULL"
                    + " AND EXISTS (SELECT 1 FROM replica_results r WHERE r.lease_id = e.result_id)"
                    + " AND NOT EXISTS (SELECT 1 FROM replica_results r WHERE r.lease_id = e.result_id"
                    + " AND r.verdict = 'VALID') LIMIT 1");
                 ResultSet rows = q.executeQuery()) {
                if (rows.next()) {
                    violate("I3: result " + rows.getString(1) + " earned credit without a valid verdict at " + now);
                }
            }
            return null;
        });
    }

    /** I2, I3, I4, I5 and liveness once the run is over. */
    private SimCoordinator current;

    void atEnd(SimCoordinator coordinator, List<String> jobIds, List<SimCar> cars, Instant now, Instant start) {
        current = coordinator;
        store(coordinator, now);
        summarize(coordinator, cars);
        if (jobIds.size() < config.jobs()) {
            violate("liveness: only " + jobIds.size() + " of " + config.jobs() + " jobs were submitted by " + now);
        }
        for (String jobId : jobIds) {
            var status = coordinator.jobs().status(jobId).orElseThrow();
            inputs += status.total();
            if (!status.ended()) {
                violate("liveness: job " + jobId + " is still " + status.state() + " after "
                        + Duration.between(start, now) + " (" + status.completed() + "/" + status.total() + " done)");
                continue;
            }
            jobsEnded++;
            checkOutcomes(coordinator, jobId, status.total());
        }
    }

    private void checkOutcomes(SimCoordinator coordinator, String jobId, int total) {
        coordinator.database().inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT i.input_index, i.input_text, r.embedding, r.error"
                    + " FROM inputs i LEFT JOIN results r ON r.job_id = i.job_id AND r.input_index = i.input_index"
                    + " WHERE i.job_id = ? ORDER BY i.input_index")) {
                q.setString(1, jobId);
                int seen = 0;
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        seen++;
                        checkOutcome(jobId, rows.getInt(1), rows.getString(2), rows.getBytes(3), rows.getString(4));
                    }
                }
                if (seen != total) {
                    violate("I2: job " + jobId + " has " + seen + " inputs stored, expected " + total);
                }
            }
            return null;
        });
    }

    private void checkOutcome(String jobId, int index, String text, byte[] embedding, String error) {
        if (embedding == null && error == null) {
            violate("I2: input " + index + " of " + jobId + " has no outcome");
        } else if (embedding != null) {
            results++;
            if (!Arrays.equals(EmbeddingCodec.decode(embedding), ReferenceEmbeddings.of(text))) {
                violate("I5: input " + index + " of " + jobId + " holds a wrong embedding (another input's, or a"
                        + " lie); replicas: " + replicasOf(jobId, index));
            }
        } else {
            errors++;
        }
    }

    /** The replicas of an input as the coordinator stored and judged them, for the violation's message. */
    private String replicasOf(String jobId, int index) {
        return current.database().inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT r.car_id, r.verdict, u.id, u.solo, t.state"
                    + " FROM replica_results r LEFT JOIN leases l ON l.id = r.lease_id"
                    + " LEFT JOIN units u ON u.id = l.unit_id LEFT JOIN car_trust t ON t.car_id = r.car_id"
                    + " WHERE r.job_id = ? AND r.input_index = ? ORDER BY r.created_at, r.lease_id")) {
                q.setString(1, jobId);
                q.setInt(2, index);
                StringBuilder out = new StringBuilder();
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        out.append('[').append(rows.getString(1)).append(' ').append(rows.getString(2))
                                .append(" unit ").append(rows.getString(3)).append(rows.getBoolean(4) ? " solo" : "")
                                .append(" now ").append(rows.getString(5)).append(']');
                    }
                }
                return out.toString();
            }
        });
    }

    private void violate(String message) {
        String kind = message.substring(0, message.indexOf(':'));
        if (violations.stream().noneMatch(v -> v.startsWith(kind + ":"))) {
            violations.add(message);
        }
    }

    /** Verdicts and quarantines; honest cars must never be quarantined, liars never trusted. */
    private void summarize(SimCoordinator coordinator, List<SimCar> cars) {
        long[] verdicts = coordinator.database().inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT COALESCE(SUM(CASE WHEN verdict = 'VALID' THEN 1"
                    + " ELSE 0 END), 0), COALESCE(SUM(CASE WHEN verdict = 'INVALID' THEN 1 ELSE 0 END), 0)"
                    + " FROM replica_results");
                 ResultSet rows = q.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        });
        int liars = 0;
        int quarantined = 0;
        int paid = 0;
        for (SimCar car : cars) {
            String state = trustState(coordinator, car.id);
            if (!car.lies() && "QUARANTINED".equals(state)) {
                violate("trust: honest " + car.id + " was quarantined");
            }
            if (car.lies()) {
                liars++;
                if ("TRUSTED".equals(state)) {
                    violate("trust: lying " + car.id + " is trusted");
                }
                if ("QUARANTINED".equals(state)) {
                    quarantined++;
                    if (unpaidCredit(coordinator, car.id) != 0) {
                        paid++;
                        violate("I3: quarantined " + car.id + " still has unpaid credit");
                    }
                }
            }
        }
        long caught = coordinator.database().inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT COALESCE(SUM(total_invalid), 0) FROM car_trust");
                 ResultSet rows = q.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
        verification = new VerificationSummary(verdicts[0], verdicts[1], liars, quarantined, paid, caught);
    }

    private static String trustState(SimCoordinator coordinator, String carId) {
        return coordinator.database().inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT state FROM car_trust WHERE car_id = ?")) {
                q.setString(1, carId);
                try (ResultSet rows = q.executeQuery()) {
                    return rows.next() ? rows.getString(1) : "NEW";
                }
            }
        });
    }

    private static long unpaidCredit(SimCoordinator coordinator, String carId) {
        return coordinator.database().inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries"
                    + " WHERE account_type = 'OWNER' AND car_id = ?")) {
                q.setString(1, carId);
                try (ResultSet rows = q.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    VerificationSummary verification() {
        return verification;
    }

    List<String> violations() {
        return violations;
    }

    int jobsEnded() {
        return jobsEnded;
    }

    long inputs() {
        return inputs;
    }

    long results() {
        return results;
    }

    long errors() {
        return errors;
    }
}
