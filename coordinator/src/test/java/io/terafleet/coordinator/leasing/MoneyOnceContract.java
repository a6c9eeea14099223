package io.terafleet.coordinator.leasing;

import static io.terafleet.coordinator.jobs.JobFixtures.MODEL;
import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static io.terafleet.coordinator.jobs.JobFixtures.inputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.db.DatabaseTest;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.jobs.JobSpec;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.scheduling.CarProfile;
import io.terafleet.core.scheduling.HardwareClass;
import io.terafleet.core.scheduling.PriorityClass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * I6: every delivered input is charged once and paid once, whichever way it was delivered (completion or
 * release), and energy paid is bounded by the hardware's power over the time the coordinator observed and by the
 * fleet's median for the model and class.
 */
abstract class MoneyOnceContract extends DatabaseTest {
    static final Duration TTL = Duration.ofSeconds(60);

    private JobRepository jobs;
    private UnitRepository units;

    @BeforeEach
    void createRepositories() {
        jobs = new JobRepository(database);
        units = TestUnits.withVerification(database);
    }

    private LeasedUnit lease(String car, Instant at) {
        return units.lease(new CarProfile(car, HardwareClass.HW3, Set.of(), Set.of(MODEL), null, null, false), 1, at,
                TTL).getFirst();
    }

    private static List<InputResult> answers(LeasedUnit unit, int count) {
        return unit.inputs().stream().limit(count).map(in -> new InputResult(in.index(), new float[] {0.6f, 0.8f}))
                .toList();
    }

    private long customerChargedInputs() {
        return -queryLong("SELECT COALESCE(SUM(inputs), 0) FROM ledger_entries WHERE account_type = 'CUSTOMER'");
    }

    private long ownerPaidInputs() {
        return queryLong("SELECT COALESCE(SUM(inputs), 0) FROM ledger_entries WHERE account_type = 'OWNER'"
                + " AND entry_role <> 'ENERGY'");
    }

    @Test
    void inputsDeliveredThroughAReleaseAreChargedAndPaidOnce() {
        jobs.createJob(new JobSpec("job-r", MODEL, "acme", PriorityClass.BATCH, null, 4), inputs(4), T0);
        LeasedUnit first = lease("car-a", T0);
        assertThat(units.release(first.leaseId(), "car-a", answers(first, 2), "driving", 0.001, T0.plusSeconds(5)))
                .isTrue();
        assertThat(customerChargedInputs()).as("the two released inputs are charged").isEqualTo(2);
        assertThat(ownerPaidInputs()).as("and paid").isEqualTo(2);

        LeasedUnit rest = lease("car-b", T0.plusSeconds(10));
        assertThat(units.complete(rest.leaseId(), "car-b", answers(rest, rest.inputs().size()), 0.001,
                T0.plusSeconds(15))).isEqualTo(CompleteResponse.ACCEPTED);
        assertThat(jobs.status("job-r").orElseThrow().completed()).isEqualTo(4);
        assertThat(customerChargedInputs()).as("every delivered input charged once").isEqualTo(4);
        assertThat(ownerPaidInputs()).as("every delivered input paid once").isEqualTo(4);
    }

    @Test
    void energyPaidIsBoundedByHardwarePowerTimesObservedTime() {
        jobs.createJob(new JobSpec("job-e", MODEL, "acme", PriorityClass.BATCH, null, 4), inputs(4), T0);
        LeasedUnit unit = lease("car-a", T0);
        // 10 Wh claimed for one second of work: no board draws 36 kW. 160 W (the largest class) x 1 s = 44 mWh.
        units.complete(unit.leaseId(), "car-a", answers(unit, 4), 10.0, T0.plusSeconds(1));
        double paidWh = queryDouble("SELECT energy_wh FROM leases WHERE id = ?", unit.leaseId());
        assertThat(paidWh).isLessThanOrEqualTo(160 / 3600.0 + 1e-9).isPositive();
        assertThat(queryDouble("SELECT energy_claimed_wh FROM leases WHERE id = ?", unit.leaseId())).isEqualTo(10.0);
        assertThat(queryLong("SELECT MAX(energy_mwh) FROM ledger_entries WHERE entry_role = 'ENERGY'"))
                .isLessThanOrEqualTo(45);
    }

    @Test
    void aClaimFarAboveTheFleetMedianIsPaidAtTheMedianAndCostsTrust() {
        int honest = (int) EnergyBound.MIN_SAMPLES + 5;
        jobs.createJob(new JobSpec("job-m", MODEL, "acme", PriorityClass.BATCH, null, 4), inputs(4 * (honest + 1)), T0);
        Instant at = T0;
        for (int i = 0; i < honest; i++) {
            LeasedUnit unit = lease("car-h" + (i % 3), at);
            at = at.plusSeconds(10);
            units.complete(unit.leaseId(), "car-h" + (i % 3), answers(unit, 4), 0.004, at); // 1 mWh per input
        }
        LeasedUnit greedy = lease("car-x", at);
        at = at.plusSeconds(10);
        units.complete(greedy.leaseId(), "car-x", answers(greedy, 4), 0.064, at); // 16 mWh per input: 16x
        double paidWh = queryDouble("SELECT energy_wh FROM leases WHERE id = ?", greedy.leaseId());
        assertThat(paidWh).as("paid at the median, 4 x 1 mWh").isCloseTo(0.004, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(queryLong("SELECT strikes FROM car_trust WHERE car_id = 'car-x'")).isEqualTo(1);
    }

    @Test
    void leasesHeldAtOnceArePaidForOneBoardNotOneEach() {
        jobs.createJob(new JobSpec("job-p", MODEL, "acme", PriorityClass.BATCH, null, 4), inputs(16), T0);
        List<LeasedUnit> held = units.lease(new CarProfile("car-a", HardwareClass.HW3, Set.of(), Set.of(MODEL), null,
                null, false), 4, T0, TTL);
        assertThat(held).hasSize(4);
        for (LeasedUnit unit : held) { // each claims 10 Wh, all four over the same 10 s
            assertThat(units.complete(unit.leaseId(), "car-a", answers(unit, 4), 10.0, T0.plusSeconds(10)))
                    .isEqualTo(CompleteResponse.ACCEPTED);
        }
        double paidWh = queryDouble("SELECT SUM(energy_wh) FROM leases WHERE car_id = ?", "car-a");
        assertThat(paidWh).as("one 160 W board for 10 s: 444 mWh, not four").isLessThanOrEqualTo(1600 / 3600.0 + 1e-3)
                .isGreaterThan(1600 / 3600.0 - 2e-3);
        assertThat(queryLong("SELECT MAX(energy_mwh) FROM ledger_entries WHERE entry_role = 'ENERGY'"))
                .isLessThanOrEqualTo(445);

        // The same car honestly working two units one after the other, in two leases held at once, loses nothing.
        jobs.createJob(new JobSpec("job-q", MODEL, "acme", PriorityClass.BATCH, null, 4), inputs(8), T0);
        List<LeasedUnit> next = units.lease(new CarProfile("car-a", HardwareClass.HW3, Set.of(), Set.of(MODEL), null,
                null, false), 2, T0.plusSeconds(20), TTL);
        units.complete(next.get(0).leaseId(), "car-a", answers(next.get(0), 4), 0.1, T0.plusSeconds(25));
        units.complete(next.get(1).leaseId(), "car-a", answers(next.get(1), 4), 0.1, T0.plusSeconds(30));
        assertThat(queryDouble("SELECT energy_wh FROM leases WHERE id = ?", next.get(1).leaseId()))
                .as("100 mWh in the 10 s both were open, 100 already paid: 344 mWh left").isEqualTo(0.1);
    }

    @Test
    void aCarOfTheSmallerClassIsBoundByItsOwnBoard() {
        String car = enrolledCar("HW3");
        jobs.createJob(new JobSpec("job-s", MODEL, "acme", PriorityClass.BATCH, null, 4), inputs(4), T0);
        LeasedUnit unit = units.lease(new CarProfile(car, HardwareClass.HW3, Set.of(), Set.of(MODEL), null, null,
                false), 1, T0, TTL).getFirst();
        units.complete(unit.leaseId(), car, answers(unit, 4), 10.0, T0.plusSeconds(1));
        assertThat(queryDouble("SELECT energy_wh FROM leases WHERE id = ?", unit.leaseId()))
                .as("72 W for 1 s: 20 mWh").isCloseTo(72 / 3600.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aCarNamingAClassOfItsOwnIsJudgedByTheUnknownClassesMedian() {
        assertThat(EnergyBound.classOf("hw4")).isEqualTo("HW4");
        assertThat(EnergyBound.classOf("Quantum-9000")).isEqualTo("unknown");
        assertThat(EnergyBound.classOf(null)).isEqualTo("unknown");
        int honest = (int) EnergyBound.MIN_SAMPLES + 5;
        jobs.createJob(new JobSpec("job-u", MODEL, "acme", PriorityClass.BATCH, null, 4), inputs(4 * (honest + 1)), T0);
        Instant at = T0;
        for (int i = 0; i < honest; i++) { // cars with no class the fleet knows
            LeasedUnit unit = lease("car-h" + (i % 3), at);
            at = at.plusSeconds(10);
            units.complete(unit.leaseId(), "car-h" + (i % 3), answers(unit, 4), 0.004, at);
        }
        String own = enrolledCar("Quantum-9000");
        LeasedUnit greedy = units.lease(new CarProfile(own, HardwareClass.HW4, Set.of(), Set.of(MODEL), null, null,
                false), 1, at, TTL).getFirst();
        units.complete(greedy.leaseId(), own, answers(greedy, 4), 0.064, at.plusSeconds(10));
        assertThat(queryDouble("SELECT energy_wh FROM leases WHERE id = ?", greedy.leaseId()))
                .as("paid at the shared median, not at a median of its own making")
                .isCloseTo(0.004, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(queryLong("SELECT strikes FROM car_trust WHERE car_id = ?", own)).isEqualTo(1);
    }

    private String enrolledCar(String hardwareClass) {
        var cars = new io.terafleet.coordinator.cars.CarRepository(database);
        cars.createEnrollmentToken("fleet-token-for-energy-tests", T0);
        return cars.enroll("fleet-token-for-energy-tests", "c", hardwareClass, "tfc_" + java.util.UUID.randomUUID(),
                null, io.terafleet.core.identity.CarKeys.encode(io.terafleet.core.identity.CarKeys.generate()
                        .getPublic()), T0).orElseThrow();
    }

    private double queryDouble(String sql, Object parameter) {
        return database.inTransaction(c -> {
            try (var query = c.prepareStatement(sql)) {
                query.setObject(1, parameter);
                try (var rows = query.executeQuery()) {
                    rows.next();
                    return rows.getDouble(1);
                }
            }
        });
    }
}
