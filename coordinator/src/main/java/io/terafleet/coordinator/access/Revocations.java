package io.terafleet.coordinator.access;

import io.terafleet.coordinator.cars.Secrets;
import io.terafleet.coordinator.cluster.ClusterBus;
import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.owners.OwnerRepository;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Revoking API keys, car credentials and enrollment tokens. The store is changed first (so a coordinator that
 * starts later, or looks up a key it has not cached, finds it gone); then every coordinator is told over the
 * cluster bus to forget what it cached, so the revocation takes effect at once everywhere.
 */
public final class Revocations implements AutoCloseable {
    /**
     * Subject of revocation events; payload {@code key:<sha256 of the API key>}, {@code car:<car id>} or
     * {@code owner:<sha256 of the owner key>}.
     */
    public static final String SUBJECT = "tf.revoked";

    private final ClusterBus bus;
    private final Database database;
    private final Clock clock;
    private final ClusterBus.Subscription subscription;

    private final List<Consumer<String>> keyCaches = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> carCaches = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> ownerCaches = new CopyOnWriteArrayList<>();

    public Revocations(ClusterBus bus, Database database, Clock clock) {
        this.bus = bus;
        this.database = database;
        this.clock = clock;
        this.subscription = bus.subscribe(SUBJECT, payload -> {
            String event = new String(payload, StandardCharsets.UTF_8);
            if (event.startsWith("key:")) {
                keyCaches.forEach(cache -> cache.accept(event.substring(4)));
            } else if (event.startsWith("car:")) {
                carCaches.forEach(cache -> cache.accept(event.substring(4)));
            } else if (event.startsWith("owner:")) {
                ownerCaches.forEach(cache -> cache.accept(event.substring(6)));
            }
        });
    }

    /** {@code forget} is called, on every coordinator, with the SHA-256 of each revoked API key. */
    public void forgetKeysWith(Consumer<String> forget) {
        keyCaches.add(forget);
    }

    /** {@code forget} is called, on every coordinator, with the id of each car whose credential was revoked. */
    public void forgetCarsWith(Consumer<String> forget) {
        carCaches.add(forget);
    }

    /** {@code forget} is called, on every coordinator, with the SHA-256 of each revoked owner key. */
    public void forgetOwnersWith(Consumer<String> forget) {
        ownerCaches.add(forget);
    }

    /**
     * Revokes one of the tenant's keys, named by the whole key or by the prefix shown when it was made (every key
     * of the tenant with that prefix); how many were revoked.
     */
    public int revokeApiKeys(String tenantId, String keyOrPrefix) {
        boolean whole = keyOrPrefix.length() > 16;
        List<String> hashes = database.inTransaction(c -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT key_hash FROM api_keys WHERE tenant_id = ? AND "
                    + (whole ? "key_hash = ?" : "key_prefix = ?"))) {
                q.setString(1, tenantId);
                q.setString(2, whole ? Secrets.sha256Hex(keyOrPrefix) : keyOrPrefix);
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM api_keys WHERE key_hash = ?")) {
                for (String hash : found) {
                    delete.setString(1, hash);
                    delete.executeUpdate();
                }
            }
            return found;
        });
        hashes.forEach(hash -> publish("key:" + hash));
        return hashes.size();
    }

    /** Revokes a car's credential: it authenticates nothing from now on. False when no such car. */
    public boolean revokeCar(String carId) {
        boolean revoked = database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE cars SET credential_hash = ?, revoked_at = ?"
                    + " WHERE id = ?")) {
                update.setString(1, "revoked:" + carId); // never a SHA-256 hex digest, and unique per car
                update.setLong(2, clock.millis());
                update.setString(3, carId);
                return update.executeUpdate() == 1;
            }
        });
        if (revoked) {
            publish("car:" + carId);
        }
        return revoked;
    }

    /**
     * Revokes an owner's account: its key signs in nowhere from now on (its cars and statement stay). False when
     * no such owner, or it was revoked already.
     */
    public boolean revokeOwner(String ownerId) {
        Optional<String> hash = new OwnerRepository(database).revoke(ownerId, clock.millis());
        hash.ifPresent(h -> publish("owner:" + h));
        return hash.isPresent();
    }

    /** Revokes an enrollment token: no car enrolls with it from now on (cars it enrolled stay). */
    public boolean revokeEnrollmentToken(String token) {
        String hash = Secrets.sha256Hex(token);
        return database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE enrollment_tokens SET revoked_at = ?"
                    + " WHERE token_hash = ? AND revoked_at IS NULL")) {
                update.setLong(1, clock.millis());
                update.setString(2, hash);
                return update.executeUpdate() == 1;
            }
        });
    }

    private void publish(String event) {
        bus.publish(SUBJECT, event.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        subscription.close();
    }
}
