package io.terafleet.coordinator.owners;

import io.terafleet.coordinator.cars.Secrets;
import io.terafleet.core.ledger.Account;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owner accounts and their keys. A key is shown once, when the account is made, and kept only as its SHA-256.
 * The owner behind a key is remembered in memory after its first use; a revocation, here or on another
 * coordinator, makes every coordinator forget it (see {@link io.terafleet.coordinator.access.Revocations}).
 */
public final class OwnerService {
    /** Makes an owner key easy to tell from an API key, and a leaked one easy to grep for. */
    public static final String KEY_PREFIX = "tfo-";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_CACHED_KEYS = 100_000;

    private final OwnerRepository owners;
    private final Clock clock;
    private final ConcurrentHashMap<String, String> byKeyHash = new ConcurrentHashMap<>();

    public OwnerService(OwnerRepository owners, Clock clock) {
        this.owners = owners;
        this.clock = clock;
    }

    /** An owner account and, for the operator to hand out once, its key. */
    public record Created(Owner owner, String ownerKey) {
    }

    /** The outcome of asking for an account: made, or the id is taken. */
    public sealed interface Creation permits Made, Taken {
    }

    public record Made(Created created) implements Creation {
    }

    public record Taken(String id) implements Creation {
    }

    /**
     * Creates an account for owner {@code id} (the id enrollment grants name); {@code name} defaults to the id.
     *
     * @throws IllegalArgumentException naming the field at fault before a colon
     */
    public Creation create(String id, String name) {
        if (id == null || !Account.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id: an owner id is 1 to 64 letters, digits or . _ - : @");
        }
        String shown = name == null || name.isBlank() ? id : name.strip();
        if (shown.length() > 200) {
            throw new IllegalArgumentException("name: at most 200 characters");
        }
        String key = newKey();
        Owner owner = new Owner(id, shown, key.substring(0, 10), clock.millis(), null);
        return owners.create(owner, Secrets.sha256Hex(key)) ? new Made(new Created(owner, key)) : new Taken(id);
    }

    /** The owner id a key signs in as; empty for an unknown or revoked key. */
    public Optional<String> authenticate(String key) {
        if (key == null || !key.startsWith(KEY_PREFIX) || key.length() < 16) {
            return Optional.empty();
        }
        String hash = Secrets.sha256Hex(key);
        String cached = byKeyHash.get(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> found = owners.ownerForKey(hash);
        if (found.isPresent() && byKeyHash.size() < MAX_CACHED_KEYS) {
            byKeyHash.put(hash, found.get());
        }
        return found;
    }

    /** Forgets a cached key (its owner was revoked, here or on another coordinator). */
    public void forget(String keyHash) {
        byKeyHash.remove(keyHash);
    }

    public Optional<Owner> find(String id) {
        return owners.find(id);
    }

    public List<Owner> list() {
        return owners.list();
    }

    static String newKey() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + HexFormat.of().formatHex(bytes);
    }
}
