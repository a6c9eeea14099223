package io.terafleet.coordinator.service;

import io.terafleet.coordinator.cars.CarRepository;
import io.terafleet.core.api.CarStatus;
import io.terafleet.core.api.EnrollResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Enrollment (operator token in, per-car credential out) and credential checks. */
public final class CarService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final int MAX_REMEMBERED = 1_000_000;
    /** Credentials one store query looks up at most. */
    static final int CREDENTIALS_PER_LOOKUP = 500;

    private final CarRepository cars;
    private final Clock clock;
    private final java.util.concurrent.ConcurrentHashMap<String, String> authenticated =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final SeenCars seen;
    /** Credentials not remembered here, looked up many at a time (a coordinator's cars reconnecting at once). */
    private final BatchedLookup<String, String> lookups;
    private final java.util.concurrent.ConcurrentHashMap<String, Optional<java.security.PublicKey>> publicKeys =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final io.terafleet.coordinator.access.EnrollmentPolicy enrollmentPolicy;

    public CarService(CarRepository cars, Clock clock, List<String> enrollmentTokens) {
        this(cars, clock, enrollmentTokens, io.terafleet.coordinator.access.EnrollmentPolicy.DEFAULTS);
    }

    /** @param enrollmentPolicy who enrollments are counted against (the store's counts use {@code cars}' limits) */
    public CarService(CarRepository cars, Clock clock, List<String> enrollmentTokens,
                      io.terafleet.coordinator.access.EnrollmentPolicy enrollmentPolicy) {
        this.enrollmentPolicy = enrollmentPolicy;
        this.cars = cars;
        this.clock = clock;
        this.seen = new SeenCars(cars, clock);
        this.lookups = new BatchedLookup<>(CREDENTIALS_PER_LOOKUP, cars::authenticateAll);
        enrollmentTokens.forEach(token -> cars.createEnrollmentToken(token, clock.instant()));
    }

    /**
     * Enrolls a car whose work pays {@code ownerId} (null: the car is its own owner, or its grant's owner), holding
     * the public half of its own key pair ({@code publicKey}, base64 X.509 Ed25519; required: what the car hands back
     * is refused unless signed with it).
     */
    public Optional<EnrollResponse> enroll(String token, String carName, String hardwareClass, String ownerId,
                                           String publicKey) {
        String credential = newSecret();
        return cars.enroll(token, carName, hardwareClass, credential, ownerId, publicKey, clock.instant())
                .map(carId -> new EnrollResponse(carId, credential));
    }

    /**
     * Counts one enrollment with the grant hashing to {@code grantHash} from {@code source} across every coordinator
     * on the store; empty when admitted, else the seconds until it may be tried again.
     */
    public java.util.OptionalLong admitEnrollment(String grantHash, String source) {
        return cars.admitEnrollment(grantHash, source, clock.instant());
    }

    /** Enrollment limits, the loopback exemption and the proxies whose forwarded addresses are believed. */
    public io.terafleet.coordinator.access.EnrollmentPolicy enrollmentPolicy() {
        return enrollmentPolicy;
    }

    /**
     * The car's own public key, or empty when it enrolled before every car had to give one. A car's key never changes, so it is
     * remembered once read: checking a signature costs no store read.
     */
    public Optional<java.security.PublicKey> publicKey(String carId) {
        Optional<java.security.PublicKey> known = publicKeys.get(carId);
        if (known != null) {
            return known;
        }
        Optional<java.security.PublicKey> key = cars.publicKey(carId)
                .flatMap(io.terafleet.core.identity.CarKeys::publicKey);
        if (publicKeys.size() < MAX_REMEMBERED) {
            publicKeys.put(carId, key);
        }
        return key;
    }

    /** Who is paid for the car's work (the car's own id when it enrolled without an owner). */
    public Optional<String> ownerOf(String carId) {
        return cars.ownerOf(carId);
    }

    /**
     * The car holding the credential. Remembered in memory once found (a revocation makes every coordinator forget
     * it, {@link #forget}), so
     * that the online path, a poll and an answer per request, does not wait for the store.
     */
    public Optional<String> authenticate(String credential) {
        if (credential == null) {
            return Optional.empty();
        }
        String known = authenticated.get(credential);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> carId = lookups.get(credential);
        if (carId.isPresent() && authenticated.size() < MAX_REMEMBERED) {
            authenticated.put(credential, carId.get());
        }
        return carId;
    }

    /**
     * Forgets every cached credential of the car and its key (it was revoked, here or on another coordinator): what
     * it still sends on a connection opened before, such as a signed online answer, counts for nothing.
     */
    public void forget(String carId) {
        authenticated.values().removeIf(carId::equals);
        publicKeys.remove(carId);
    }

    /**
     * A new enrollment grant for one owner's cars, limited to {@code maxUses} enrollments within {@code lifetime};
     * returned once for the operator to hand to the owner.
     */
    public String issueGrant(String ownerId, int maxUses, java.time.Duration lifetime) {
        String token = "tfe_" + newSecret().substring(4);
        cars.createGrant(token, ownerId, maxUses, clock.instant().plus(lifetime), clock.instant());
        return token;
    }

    /** A new enrollment token, stored (as its hash) and returned once for the operator to hand out. */
    public String issueEnrollmentToken() {
        String token = "tfe_" + newSecret().substring(4);
        cars.createEnrollmentToken(token, clock.instant());
        return token;
    }

    /** A lease request is the car saying "eligible now": kept in memory, written in batches ({@link SeenCars}). */
    public void seen(String carId) {
        seen.seen(carId);
    }

    public void recordStatus(String carId, CarStatus status) {
        seen.forget(carId);
        cars.recordStatus(carId, status, clock.instant());
    }

    public Optional<CarStatus> status(String carId) {
        Optional<CarStatus> pending = seen.pendingStatus(carId);
        return pending.isPresent() ? pending : cars.status(carId);
    }

    /** Writes the sightings still held in memory. */
    public void close() {
        seen.close();
    }

    public static String newSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "tfc_" + HexFormat.of().formatHex(bytes);
    }
}
