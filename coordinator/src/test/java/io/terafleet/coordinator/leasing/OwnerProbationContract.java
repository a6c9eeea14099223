package io.terafleet.coordinator.leasing;

import static io.terafleet.coordinator.jobs.JobFixtures.MODEL;
import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static io.terafleet.coordinator.jobs.JobFixtures.inputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.cars.CarRepository;
import io.terafleet.coordinator.db.DatabaseTest;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.jobs.JobSpec;
import io.terafleet.coordinator.ledger.LedgerConfig;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.identity.CarKeys;
import io.terafleet.core.scheduling.CarProfile;
import io.terafleet.core.scheduling.HardwareClass;
import io.terafleet.core.scheduling.ModelRequirements;
import io.terafleet.core.scheduling.PriorityClass;
import io.terafleet.core.scheduling.Scheduler;
import io.terafleet.core.scheduling.SchedulingPolicy;
import io.terafleet.core.verification.AdaptiveReplication;
import io.terafleet.core.verification.CarTrust;
import io.terafleet.core.verification.OutputKind;
import io.terafleet.core.verification.OwnerProbation;
import io.terafleet.core.verification.OwnerStanding;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * New owners (named by the operator's grants) are on probation: their cars never make a quorum among themselves,
 * get canaries more often, and leave probation by themselves once their first car is old enough and enough of
 * their units were verified; a quarantined car quarantines its owner.
 */
abstract class OwnerProbationContract extends DatabaseTest {
    static final Duration TTL = Duration.ofSeconds(30);
    static final AdaptiveReplication RULES = new AdaptiveReplication(false, 10, 0.5, 0.05, 2, 50);
    static final OwnerProbation PROBATION = new OwnerProbation(Duration.ofDays(7), 2, 0.5);

    private JobRepository jobs;
    private UnitRepository units;
    private Verification settings;
    private String alice;
    private String bob;
    private String fleet;

    @BeforeEach
    void enrollCars() {
        var cars = new CarRepository(database);
        String key = CarKeys.encode(CarKeys.generate().getPublic());
        cars.createGrant("tfe_grant-for-alice-0123456789", "alice", 5, T0.plus(Duration.ofDays(30)), T0);
        cars.createGrant("tfe_grant-for-bob-0123456789xx", "bob", 5, T0.plus(Duration.ofDays(30)), T0);
        cars.createEnrollmentToken("operator-fleet-token-0123456789", T0);
        alice = cars.enroll("tfe_grant-for-alice-0123456789", "a", "HW3", "tfc_credential-alice-0123456789", null,
                key, T0).orElseThrow();
        bob = cars.enroll("tfe_grant-for-bob-0123456789xx", "b", "HW3", "tfc_credential-bob-0123456789xx", null,
                key, T0).orElseThrow();
        fleet = cars.enroll("operator-fleet-token-0123456789", "f", "HW3", "tfc_credential-fleet-0123456789", null,
                key, T0)
                .orElseThrow();
        AtomicInteger ids = new AtomicInteger();
        AtomicInteger jobIds = new AtomicInteger();
        settings = new Verification(OutputKind.Embedding.defaults(), RULES, 0, 4, LedgerConfig.defaults(), 300_000,
                new Random(1), () -> "job-c" + jobIds.incrementAndGet()).withProbation(PROBATION);
        units = new UnitRepository(database, new Scheduler(SchedulingPolicy.DEFAULT), UnitRepository.IMMEDIATE_RETRY,
                model -> ModelRequirements.NONE, tenant -> 1.0, () -> "lease-" + ids.incrementAndGet(), settings);
        jobs = new JobRepository(database);
    }

    private List<LeasedUnit> lease(String car, Instant at) {
        return units.lease(new CarProfile(car, HardwareClass.HW3, Set.of(), Set.of(MODEL), null, null, false), 1, at,
                TTL);
    }

    private String complete(String car, LeasedUnit unit, Instant at) {
        List<InputResult> answers = unit.inputs().stream().map(in -> new InputResult(in.index(),
                new float[] {1 + in.index(), 0, 0.5f})).toList();
        return units.complete(unit.leaseId(), car, answers, 0.01, at);
    }

    private String standing(String owner) {
        return queryString("SELECT standing FROM owner_trust WHERE owner_id = ?", owner);
    }

    private boolean held(String owner, Instant at) {
        return database.inTransaction(c -> OwnerTrustRows.held(c, owner, PROBATION, at));
    }

    @Test
    void twoOwnersOnProbationAgreeingDecideNothingUntilAnotherOwnerAgrees() {
        jobs.createJob(new JobSpec("job-1", MODEL, "acme", PriorityClass.BATCH, null, 2).withReplication(2, 4, false),
                inputs(2), T0);
        complete(alice, lease(alice, T0).getFirst(), T0.plusSeconds(1));
        complete(bob, lease(bob, T0).getFirst(), T0.plusSeconds(2));
        assertThat(jobs.status("job-1").orElseThrow().completed()).as("probation alone is no quorum").isZero();

        for (int i = 0; i < 2; i++) {
            LeasedUnit tieBreak = lease(fleet, T0.plusSeconds(3 + i)).getFirst();
            assertThat(tieBreak.unitId()).contains("-x");
            complete(fleet, tieBreak, T0.plusSeconds(3 + i));
        }
        var status = jobs.status("job-1").orElseThrow();
        assertThat(status.state()).isEqualTo("completed");
        assertThat(status.completed()).isEqualTo(2);
        assertThat(queryLong("SELECT verified_units FROM owner_trust WHERE owner_id = 'alice'")).isEqualTo(2);
        assertThat(queryLong("SELECT COUNT(*) FROM owner_trust WHERE owner_id = ?", fleet))
                .as("the operator's own fleet is not on probation").isZero();
    }

    @Test
    void probationEndsByItselfOnceTheFirstCarIsOldEnoughAndEnoughUnitsWereVerified() {
        assertThat(standing("alice")).isEqualTo("PROBATION");
        database.inTransaction(c -> {
            OwnerTrustRows.verified(c, "alice", PROBATION, T0.plusSeconds(1));
            OwnerTrustRows.verified(c, "alice", PROBATION, T0.plusSeconds(2));
            return null;
        });
        assertThat(held("alice", T0.plus(Duration.ofDays(7)).minusSeconds(1))).as("too young").isTrue();
        assertThat(held("alice", T0.plus(Duration.ofDays(7)))).isFalse();
        assertThat(standing("alice")).isEqualTo("TRUSTED");
        assertThat(held(fleet, T0)).isFalse();
    }

    @Test
    void aQuarantinedCarQuarantinesItsOwner() {
        var trust = new TrustBook(settings);
        database.inTransaction(c -> {
            trust.judge(c, bob, false, false, T0.plusSeconds(1));
            trust.judge(c, bob, false, false, T0.plusSeconds(2));
            return null;
        });
        assertThat(standing("bob")).isEqualTo("QUARANTINED");
        assertThat(held("bob", T0.plus(Duration.ofDays(365)))).isTrue();
        assertThat(standing("alice")).as("other owners are untouched").isNotEqualTo("QUARANTINED");
    }

    @Test
    void carsOfOwnersOnProbationGetCanariesMoreOften() {
        units.addCanaryAnswer("canary-1", MODEL, "known text", new float[] {1, 0, 0});
        var canaries = new Canaries(settings, new TrustBook(settings));
        int[] due = new int[2];
        database.inTransaction(c -> {
            for (int i = 0; i < 400; i++) {
                due[0] += canaries.due(c, new TrustRows.Stored(CarTrust.newCar(alice), 1), MODEL, T0) ? 1 : 0;
                due[1] += canaries.due(c, new TrustRows.Stored(CarTrust.newCar(fleet), 1), MODEL, T0) ? 1 : 0;
            }
            return null;
        });
        assertThat(due[0]).as("probation: half its leases").isBetween(150, 250);
        assertThat(due[1]).as("the fleet's rate, 0 here").isZero();
    }

    @Test
    void everyOwnerStandingTransitionIsExercised() {
        probationEndsByItselfOnceTheFirstCarIsOldEnoughAndEnoughUnitsWereVerified();
        aQuarantinedCarQuarantinesItsOwner();
        var trust = new TrustBook(settings);
        database.inTransaction(c -> {
            trust.judge(c, alice, false, false, T0.plus(Duration.ofDays(8)));
            trust.judge(c, alice, false, false, T0.plus(Duration.ofDays(8)).plusSeconds(1));
            return null;
        });
        assertThat(standing("alice")).as("trusted, then its car quarantined").isEqualTo("QUARANTINED");
        assertThat(OwnerStanding.TRANSITIONS.visited()).as("OwnerStanding transitions exercised")
                .containsAll(OwnerStanding.TRANSITIONS.transitions());
    }
}
