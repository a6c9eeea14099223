package io.terafleet.coordinator.cars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.coordinator.db.DatabaseTest;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class CarRepositoryContract extends DatabaseTest {
    private static final Instant NOW = Instant.parse("2030-05-01T08:00:00Z");
    private static final String TOKEN = "operator-token-0123456789";
    private static final String CREDENTIAL = "tfc_car-credential-abcdef0123456789";
    private static final String KEY = io.terafleet.core.identity.CarKeys.encode(
            io.terafleet.core.identity.CarKeys.generate().getPublic());

    private CarRepository cars;

    @BeforeEach
    void createRepository() {
        cars = new CarRepository(database);
    }

    @Test
    void aCarEnrollsWithAKnownTokenAndThenAuthenticatesWithItsCredential() {
        assertThat(cars.createEnrollmentToken(TOKEN, NOW)).isTrue();

        Optional<String> carId = cars.enroll(TOKEN, "Model Y in garage 4", "cpu-x86-8c", CREDENTIAL, null, KEY, NOW);

        assertThat(carId).hasValueSatisfying(id -> assertThat(id).startsWith("car-"));
        assertThat(cars.authenticate(CREDENTIAL)).isEqualTo(carId);
        assertThat(queryString("SELECT name FROM cars WHERE id = ?", carId.get())).isEqualTo("Model Y in garage 4");
        assertThat(queryLong("SELECT enrolled_at FROM cars WHERE id = ?", carId.get())).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void aGrantBindsItsCarsToItsOwnerAndIsLimitedInUsesAndTime() {
        String grant = "tfe_grant-for-alice-0123456789";
        cars.createGrant(grant, "alice", 2, NOW.plusSeconds(3600), NOW);
        String first = cars.enroll(grant, "c1", "HW3", CREDENTIAL + "1", null, KEY, NOW).orElseThrow();
        assertThat(cars.ownerOf(first)).contains("alice");
        assertThat(cars.publicKey(first)).contains(KEY);
        assertThatThrownBy(() -> cars.enroll(grant, "c2", "HW3", CREDENTIAL + "2", "mallory", KEY, NOW))
                .hasMessageStartingWith("ownerId:");
        assertThat(cars.enroll(grant, "c3", "HW3", CREDENTIAL + "3", "alice", KEY, NOW)).isPresent();
        assertThat(cars.enroll(grant, "c4", "HW3", CREDENTIAL + "4", null, KEY, NOW)).as("used up").isEmpty();

        String late = "tfe_grant-expiring-0123456789";
        cars.createGrant(late, "bob", 5, NOW.plusSeconds(60), NOW);
        assertThat(cars.enroll(late, "c5", "HW3", CREDENTIAL + "5", null, KEY, NOW.plusSeconds(61)))
                .as("expired").isEmpty();
    }

    @Test
    void everyCarMustGiveItsPublicKeyWhateverItsToken() {
        String grant = "tfe_grant-for-carol-0123456789";
        cars.createGrant(grant, "carol", 2, NOW.plusSeconds(3600), NOW);
        cars.createEnrollmentToken(TOKEN, NOW);
        assertThatThrownBy(() -> cars.enroll(grant, "c1", "HW3", CREDENTIAL + "1", null, null, NOW))
                .hasMessageStartingWith("publicKey:");
        assertThatThrownBy(() -> cars.enroll(TOKEN, "fleet", "HW3", CREDENTIAL + "2", null, null, NOW))
                .as("the operator's own fleet token too").hasMessageStartingWith("publicKey:");
        assertThatThrownBy(() -> cars.enroll(TOKEN, "fleet", "HW3", CREDENTIAL + "3", null, " ", NOW))
                .hasMessageStartingWith("publicKey:");
        assertThat(queryLong("SELECT COUNT(*) FROM cars")).isZero();

        String fleetCar = cars.enroll(TOKEN, "fleet", "HW3", CREDENTIAL + "4", null, KEY, NOW).orElseThrow();
        assertThat(cars.publicKey(fleetCar)).contains(KEY);
    }

    @Test
    void anUnknownOrMalformedTokenEnrollsNoOne() {
        cars.createEnrollmentToken(TOKEN, NOW);

        assertThat(cars.enroll("some-other-token-000000", "car", "cpu", CREDENTIAL, null, KEY, NOW)).isEmpty();
        assertThat(cars.enroll("short", "car", "cpu", CREDENTIAL, null, KEY, NOW)).isEmpty();
        assertThat(cars.enroll(null, "car", "cpu", CREDENTIAL, null, KEY, NOW)).isEmpty();
        assertThat(queryLong("SELECT COUNT(*) FROM cars")).isZero();
    }

    @Test
    void aTokenIsReusableAndEachCarGetsItsOwnId() {
        cars.createEnrollmentToken(TOKEN, NOW);

        String first = cars.enroll(TOKEN, "car one", "cpu", CREDENTIAL + "-1", null, KEY, NOW).orElseThrow();
        String second = cars.enroll(TOKEN, "car two", "gpu", CREDENTIAL + "-2", null, KEY, NOW).orElseThrow();

        assertThat(first).isNotEqualTo(second);
        assertThat(cars.authenticate(CREDENTIAL + "-1")).hasValue(first);
        assertThat(cars.authenticate(CREDENTIAL + "-2")).hasValue(second);
    }

    @Test
    void creatingAKnownTokenAgainChangesNothing() {
        assertThat(cars.createEnrollmentToken(TOKEN, NOW)).isTrue();
        assertThat(cars.createEnrollmentToken(TOKEN, NOW.plusSeconds(5))).isFalse();

        assertThat(queryLong("SELECT COUNT(*) FROM enrollment_tokens")).isEqualTo(1);
        assertThat(queryLong("SELECT created_at FROM enrollment_tokens")).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void anUnknownCredentialAuthenticatesNoOne() {
        cars.createEnrollmentToken(TOKEN, NOW);
        cars.enroll(TOKEN, "car", "cpu", CREDENTIAL, null, KEY, NOW);

        assertThat(cars.authenticate(CREDENTIAL + "x")).isEmpty();
        assertThat(cars.authenticate("")).isEmpty();
        assertThat(cars.authenticate(null)).isEmpty();
        assertThat(cars.authenticate(TOKEN)).isEmpty();
    }

    @Test
    void onlyHashesOfSecretsAreStored() {
        cars.createEnrollmentToken(TOKEN, NOW);
        cars.enroll(TOKEN, "car", "cpu", CREDENTIAL, null, KEY, NOW);

        List<String> stored = new ArrayList<>();
        stored.addAll(allValues("enrollment_tokens"));
        stored.addAll(allValues("cars"));

        assertThat(stored).noneMatch(value -> value.contains(TOKEN) || value.contains(CREDENTIAL));
        assertThat(stored).contains(Secrets.sha256Hex(TOKEN), Secrets.sha256Hex(CREDENTIAL));
        assertThat(Secrets.sha256Hex(CREDENTIAL)).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void aCredentialCannotBeSharedByTwoCars() {
        cars.createEnrollmentToken(TOKEN, NOW);
        cars.enroll(TOKEN, "car one", "cpu", CREDENTIAL, null, KEY, NOW);

        assertThatThrownBy(() -> cars.enroll(TOKEN, "car two", "cpu", CREDENTIAL, null, KEY, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("credential:");
        assertThat(queryLong("SELECT COUNT(*) FROM cars")).isEqualTo(1);
    }

    @Test
    void malformedFieldsAreRejectedByName() {
        cars.createEnrollmentToken(TOKEN, NOW);

        assertThatThrownBy(() -> cars.createEnrollmentToken("short", NOW)).hasMessageStartingWith("token:");
        assertThatThrownBy(() -> cars.enroll(TOKEN, " ", "cpu", CREDENTIAL, null, KEY, NOW)).hasMessageStartingWith("carName:");
        assertThatThrownBy(() -> cars.enroll(TOKEN, "car", "x".repeat(101), CREDENTIAL, null, KEY, NOW))
                .hasMessageStartingWith("hardwareClass:");
        assertThatThrownBy(() -> cars.enroll(TOKEN, "car", "cpu", "short", null, KEY, NOW)).hasMessageStartingWith("credential:");
    }

    @Test
    void firstCarsOfOneOwnerEnrollingAtOnceStartOneProbation() throws Exception {
        int cars = 8;
        for (int i = 0; i < cars; i++) {
            this.cars.createGrant("tfe_grant-for-dana-012345678" + i, "dana", 1, NOW.plusSeconds(3600), NOW);
        }
        var start = new java.util.concurrent.CountDownLatch(1);
        var enrolled = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < cars; i++) {
            int car = i;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    // Each with its own grant: nothing but the owner's trust row is shared.
                    if (this.cars.enroll("tfe_grant-for-dana-012345678" + car, "d" + car, "HW3",
                            CREDENTIAL + "-d" + car, null, KEY, NOW.plusMillis(car)).isPresent()) {
                        enrolled.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(enrolled.get()).as("no enrollment failed on the owner's trust row").isEqualTo(cars);
        assertThat(queryLong("SELECT COUNT(*) FROM owner_trust WHERE owner_id = 'dana'")).isEqualTo(1);
        assertThat(queryString("SELECT standing FROM owner_trust WHERE owner_id = 'dana'")).isEqualTo("PROBATION");
        assertThat(queryLong("SELECT verified_units FROM owner_trust WHERE owner_id = 'dana'")).isZero();
    }

    @Test
    void aSecondFirstCarFindingTheOwnersRowTakenChangesNothing() {
        database.inTransaction(c -> {
            io.terafleet.coordinator.leasing.OwnerTrustRows.enrolled(c, "erin", NOW);
            return null;
        });
        // As a transaction that looked before the other's row was there: the insert meets the key and is skipped.
        database.inTransaction(c -> {
            try (var insert = c.prepareStatement("INSERT INTO owner_trust (owner_id, standing, first_car_at,"
                    + " verified_units, updated_at) VALUES ('erin', 'PROBATION', ?, 0, ?)")) {
                insert.setLong(1, NOW.plusSeconds(60).toEpochMilli());
                insert.setLong(2, NOW.plusSeconds(60).toEpochMilli());
                assertThat(io.terafleet.coordinator.db.Sql.insertIfAbsent(c, insert)).isFalse();
            }
            // The transaction goes on after the skipped insert.
            try (var q = c.prepareStatement("SELECT COUNT(*) FROM owner_trust")) {
                var rows = q.executeQuery();
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(1);
            }
            return null;
        });
        assertThat(queryLong("SELECT first_car_at FROM owner_trust WHERE owner_id = 'erin'"))
                .as("the first car's time is kept").isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void aCarIsPaidToItsGrantsOwnerOrToItselfWithAFleetToken() {
        cars.createEnrollmentToken(TOKEN, NOW);
        cars.createGrant("tfe_grant-for-alice-0123456789", "alice", 5, NOW.plusSeconds(3600), NOW);
        String owned = cars.enroll("tfe_grant-for-alice-0123456789", "car one", "HW3", CREDENTIAL + "-1", null, KEY,
                NOW).orElseThrow();
        String alone = cars.enroll(TOKEN, "car two", "HW3", CREDENTIAL + "-2", null, KEY, NOW).orElseThrow();

        assertThat(cars.ownerOf(owned)).hasValue("alice");
        assertThat(cars.ownerOf(alone)).hasValue(alone);
        assertThat(queryString("SELECT owner_id FROM cars WHERE id = ?", alone)).isNull();
        assertThat(cars.ownerOf("car-unknown")).isEmpty();
        assertThatThrownBy(() -> cars.enroll(TOKEN, "car", "HW3", CREDENTIAL + "-3", "not an id", KEY, NOW))
                .hasMessageStartingWith("ownerId:");
    }

    @Test
    void aCarNamingAnOwnerItsTokenDoesNotGiveIsRefusedWhateverTheToken() {
        cars.createEnrollmentToken(TOKEN, NOW);
        cars.createGrant("tfe_grant-for-alice-0123456789", "alice", 5, NOW.plusSeconds(3600), NOW);
        assertThatThrownBy(() -> cars.enroll(TOKEN, "sybil", "HW3", CREDENTIAL + "-1", "alice", KEY, NOW))
                .as("a fleet token's car is its own owner").hasMessageStartingWith("ownerId:");
        assertThatThrownBy(() -> cars.enroll(TOKEN, "sybil", "HW3", CREDENTIAL + "-2", "invented-owner-7", KEY, NOW))
                .hasMessageStartingWith("ownerId:");
        assertThatThrownBy(() -> cars.enroll("tfe_grant-for-alice-0123456789", "sybil", "HW3", CREDENTIAL + "-3",
                "mallory", KEY, NOW)).as("a grant's car is its owner's").hasMessageStartingWith("ownerId:");
        assertThat(queryLong("SELECT COUNT(*) FROM cars")).as("nothing enrolled").isZero();
        assertThat(queryLong("SELECT uses FROM enrollment_tokens WHERE owner_id = 'alice'"))
                .as("a refused enrollment uses nothing up").isZero();
    }

    @Test
    void aRevokedCarHasNoKeyOnAnyCoordinatorSoNothingItSignsCounts() {
        cars.createEnrollmentToken(TOKEN, NOW);
        String car = cars.enroll(TOKEN, "c", "HW3", CREDENTIAL, null, KEY, NOW).orElseThrow();
        var bus = new io.terafleet.coordinator.cluster.LocalBus();
        var service = new io.terafleet.coordinator.service.CarService(cars, java.time.Clock.systemUTC(), List.of());
        try (var revocations = new io.terafleet.coordinator.access.Revocations(bus, database,
                java.time.Clock.systemUTC())) {
            revocations.forgetCarsWith(service::forget);
            assertThat(service.publicKey(car)).as("read and remembered").isPresent();
            assertThat(revocations.revokeCar(car)).isTrue();
            assertThat(service.publicKey(car)).as("forgotten on revocation").isEmpty();
            assertThat(cars.publicKey(car)).as("and gone from the store for a coordinator that never read it")
                    .isEmpty();
        } finally {
            service.close();
        }
    }

    @Test
    void noGrantIsIssuedForARevokedOwnerAndRevokingAnOwnerRevokesItsGrants() {
        var owners = new io.terafleet.coordinator.owners.OwnerRepository(database);
        owners.create(new io.terafleet.coordinator.owners.Owner("olga", "Olga", "tfo-000000", 0, null),
                "0".repeat(64));
        cars.createGrant("tfe_grant-for-olga-01234567890", "olga", 5, NOW.plusSeconds(3600), NOW);
        assertThat(owners.revoke("olga", NOW.toEpochMilli())).isPresent();
        assertThat(cars.enroll("tfe_grant-for-olga-01234567890", "o1", "HW3", CREDENTIAL, null, KEY, NOW)).isEmpty();
        assertThatThrownBy(() -> cars.createGrant("tfe_grant-for-olga-again-012345", "olga", 5,
                NOW.plusSeconds(3600), NOW)).hasMessageStartingWith("owner_id:");
    }

    /** Every column of every row of a table, as text. */
    private List<String> allValues(String table) {
        return database.inTransaction(c -> {
            List<String> values = new ArrayList<>();
            try (ResultSet rows = c.createStatement().executeQuery("SELECT * FROM " + table)) {
                while (rows.next()) {
                    for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                        values.add(String.valueOf(rows.getString(column)));
                    }
                }
            }
            return values;
        });
    }
}
