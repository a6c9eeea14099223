package io.terafleet.coordinator.tenants;

import io.terafleet.coordinator.cars.Secrets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenants and their API keys. A key is shown once, when it is made, and kept only as its SHA-256; the
 * tenant behind a key is remembered in memory after its first use, so that an online request does not
 * wait for the store (keys are never revoked today, so the memory cannot go stale).
 */
public final class TenantService {
    /** OpenAI clients expect keys to look like theirs; the prefix also makes a leaked key easy to grep for. */
    public static final String KEY_PREFIX = "sk-tf-";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_CACHED_KEYS = 100_000;

    private final TenantRepository tenants;
    private final Clock clock;
    private final ConcurrentHashMap<String, Tenant> byKeyHash = new ConcurrentHashMap<>();

    public TenantService(TenantRepository tenants, Clock clock) {
        this.tenants = tenants;
        this.clock = clock;
    }

    /** A tenant and, for the caller to hand out, its first key. */
    public record Created(Tenant tenant, String apiKey) {
    }

    public Created create(String name, TenantLimits limits) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name: 1 to 200 characters required");
        }
        var tenant = new Tenant("tenant_" + UUID.randomUUID().toString().replace("-", ""), name, limits,
                clock.millis());
        tenants.create(tenant);
        return new Created(tenant, addKey(tenant.id()).orElseThrow());
    }

    /** Creates the tenant with a fixed id if it does not exist yet (the default tenant). */
    public Tenant ensure(String id, String name, TenantLimits limits) {
        tenants.create(new Tenant(id, name, limits, clock.millis()));
        return tenants.find(id).orElseThrow();
    }

    /** A new key for the tenant; empty if there is no such tenant. */
    public Optional<String> addKey(String tenantId) {
        String key = newKey();
        return tenants.addKey(tenantId, Secrets.sha256Hex(key), key.substring(0, 10), clock.millis())
                ? Optional.of(key) : Optional.empty();
    }

    /**
     * A new key for the tenant, labelled by the customer who made it (1 to 100 characters, or null).
     *
     * @throws IllegalArgumentException naming the field ("label") at fault
     */
    public Optional<String> addKey(String tenantId, String label) {
        if (label != null && (label.isBlank() || label.length() > 100)) {
            throw new IllegalArgumentException("label: 1 to 100 characters");
        }
        String key = newKey();
        return tenants.addKey(tenantId, Secrets.sha256Hex(key), key.substring(0, 10), label == null ? null : label.strip(),
                clock.millis()) ? Optional.of(key) : Optional.empty();
    }

    /** Registers a key chosen by the operator (at least 16 characters), e.g. for the embedded demo. */
    public boolean addKnownKey(String tenantId, String key) {
        if (key == null || key.length() < 16) {
            throw new IllegalArgumentException("key: needs 16 or more characters");
        }
        String hash = Secrets.sha256Hex(key);
        if (tenants.tenantForKey(hash).isPresent()) {
            return false;
        }
        return tenants.addKey(tenantId, hash, key.substring(0, 10), clock.millis());
    }

    public Optional<Tenant> authenticate(String key) {
        if (key == null || key.length() < 16) {
            return Optional.empty();
        }
        String hash = Secrets.sha256Hex(key);
        Tenant cached = byKeyHash.get(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Tenant> found = tenants.tenantForKey(hash);
        if (found.isPresent() && byKeyHash.size() < MAX_CACHED_KEYS) {
            byKeyHash.put(hash, found.get());
        }
        return found;
    }

    /** Forgets a cached key (it was revoked, here or on another coordinator). */
    public void forget(String keyHash) {
        byKeyHash.remove(keyHash);
    }

    public Optional<Tenant> find(String id) {
        return tenants.find(id);
    }

    public List<Tenant> list() {
        return tenants.list();
    }

    public static String newKey() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + HexFormat.of().formatHex(bytes);
    }
}
