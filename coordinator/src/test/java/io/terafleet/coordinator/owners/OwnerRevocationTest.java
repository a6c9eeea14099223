package io.terafleet.coordinator.owners;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.access.Revocations;
import io.terafleet.coordinator.cluster.LocalBus;
import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.db.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two coordinators on one store and one bus: an owner revoked on one is forgotten by the other's cache at once. */
class OwnerRevocationTest {
    @TempDir
    Path dir;

    @Test
    void aRevokedOwnerKeyIsForgottenByEveryCoordinatorThatCachedIt() {
        var bus = new LocalBus();
        try (var store = TestDatabase.h2(dir); Database second = store.openAnother();
             var revokeHere = new Revocations(bus, store.database(), Clock.systemUTC());
             var revokeThere = new Revocations(bus, second, Clock.systemUTC())) {
            var here = new OwnerService(new OwnerRepository(store.database()), Clock.systemUTC());
            var there = new OwnerService(new OwnerRepository(second), Clock.systemUTC());
            revokeHere.forgetOwnersWith(here::forget);
            revokeThere.forgetOwnersWith(there::forget);
            var made = (OwnerService.Made) here.create("olivia", "Olivia");
            String key = made.created().ownerKey();
            assertThat(key).startsWith(OwnerService.KEY_PREFIX);
            assertThat(there.authenticate(key)).contains("olivia"); // cached there now

            assertThat(revokeHere.revokeOwner("olivia")).isTrue();

            assertThat(there.authenticate(key)).isEmpty();
            assertThat(here.authenticate(key)).isEmpty();
            assertThat(there.find("olivia").orElseThrow().revoked()).isTrue();
            assertThat(revokeThere.revokeOwner("olivia")).as("revoked already").isFalse();
            assertThat(revokeThere.revokeOwner("nobody")).isFalse();
        }
    }

    @Test
    void anOwnerIdIsTakenOnceAndMustBeAnAccountId() {
        try (var store = TestDatabase.h2(dir)) {
            var owners = new OwnerService(new OwnerRepository(store.database()), Clock.systemUTC());
            assertThat(owners.create("olivia", null)).isInstanceOf(OwnerService.Made.class);
            assertThat(owners.create("olivia", "again")).isEqualTo(new OwnerService.Taken("olivia"));
            assertThat(owners.find("olivia").orElseThrow().name()).as("the name defaults to the id").isEqualTo("olivia");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> owners.create("no spaces", null))
                    .hasMessageStartingWith("id:");
            assertThat(owners.authenticate("sk-tf-" + "0".repeat(48))).as("an API key is no owner key").isEmpty();
        }
    }
}
