package io.terafleet.coordinator.cars;

import io.terafleet.coordinator.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import io.terafleet.core.api.CarStatus;
import io.terafleet.core.ledger.Account;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Enrollment tokens and car credentials. Both are stored only as SHA-256 hashes, so a copy of the
 * database does not let anyone enroll a car or act as one.
 */
public final class CarRepository {
    /** Matches the coordinator's rule for enrollment tokens; credentials get the same floor. */
    public static final int MIN_SECRET_LENGTH = 16;
    static final int MAX_CAR_NAME_LENGTH = 200;
    static final int MAX_HARDWARE_CLASS_LENGTH = 100;

    private final Database database;
    private final EnrollmentCounts enrollmentCounts;

    public CarRepository(Database database) {
        this(database, io.terafleet.coordinator.access.EnrollmentLimiter.Limits.DEFAULTS);
    }

    /** @param limits the enrollment limits every coordinator on the store holds together */
    public CarRepository(Database database, io.terafleet.coordinator.access.EnrollmentLimiter.Limits limits) {
        this.database = database;
        this.enrollmentCounts = new EnrollmentCounts(database, limits);
    }

    /**
     * Counts one enrollment with the grant whose token hashes to {@code grantHash} from {@code source}, across every
     * coordinator on the store; empty when admitted, else the seconds until it may be tried again.
     */
    public java.util.OptionalLong admitEnrollment(String grantHash, String source, Instant now) {
        return enrollmentCounts.admit(grantHash, source, now);
    }

    /**
     * Records an operator-issued token. Tokens are reusable: any number of cars may enroll with one.
     *
     * @return true if the token is new, false if it was already known (nothing changes)
     */
    public boolean createEnrollmentToken(String token, Instant now) {
        requireSecret(token, "token");
        String hash = Secrets.sha256Hex(token);
        return database.inTransaction(c -> {
            if (tokenKnown(c, hash)) {
                return false; // known already, perhaps revoked: a revoked token stays revoked
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO enrollment_tokens (token_hash, created_at) VALUES (?, ?)")) {
                insert.setString(1, hash);
                insert.setLong(2, now.toEpochMilli());
                insert.executeUpdate();
            }
            return true;
        });
    }

    /**
     * Records an enrollment grant: a token for cars of {@code ownerId}, at most {@code maxUses} enrollments, until
     * {@code expiresAt} (each limit null for none).
     */
    public void createGrant(String token, String ownerId, Integer maxUses, Instant expiresAt, Instant now) {
        requireSecret(token, "token");
        Account.requireId(ownerId, "owner_id");
        database.inTransaction(c -> {
            EnrollmentGrants.create(c, Secrets.sha256Hex(token), ownerId, maxUses, expiresAt, now);
            return null;
        });
    }

    /**
     * Enrolls a car that showed {@code token}; from now on {@code credential} (a random secret the caller made and
     * hands to the car) identifies it, and {@code publicKey} (base64 X.509 Ed25519, already checked by the caller) is
     * the key its results must be signed with. {@code ownerId} names who is paid (null: the car itself, or its
     * grant's owner).
     *
     * @return the new car's id, or empty if the token is unknown (a malformed token is unknown too)
     * @throws IllegalArgumentException if another field is malformed, the key is missing, or the credential is
     *                                  already in use
     */
    public Optional<String> enroll(String token, String carName, String hardwareClass, String credential,
                                   String ownerId, String publicKey, Instant now) {
        if (ownerId != null) {
            Account.requireId(ownerId, "ownerId");
        }
        requireText(carName, "carName", MAX_CAR_NAME_LENGTH);
        requireText(hardwareClass, "hardwareClass", MAX_HARDWARE_CLASS_LENGTH);
        requireSecret(credential, "credential");
        if (publicKey == null || publicKey.isBlank()) {
            throw new IllegalArgumentException("publicKey: every car must send its Ed25519 public key");
        }
        if (token == null || token.length() < MIN_SECRET_LENGTH) {
            return Optional.empty();
        }
        String tokenHash = Secrets.sha256Hex(token);
        String credentialHash = Secrets.sha256Hex(credential);
        return database.inTransaction(c -> {
            Optional<EnrollmentGrants.Grant> grant = EnrollmentGrants.claim(c, tokenHash, now);
            if (grant.isEmpty()) {
                return Optional.empty();
            }
            String owner = grant.get().ownerOf(ownerId);
            if (carIdFor(c, credentialHash).isPresent()) {
                throw new IllegalArgumentException("credential: already in use by another car");
            }
            String carId = "car-" + UUID.randomUUID();
            insertCar(c, carId, carName, hardwareClass, credentialHash, tokenHash, now);
            setPublicKey(c, carId, publicKey);
            if (owner != null) {
                setOwner(c, carId, owner);
            }
            if (grant.get().ownerId() != null) {
                // An owner the operator granted starts on probation with their first car.
                io.terafleet.coordinator.leasing.OwnerTrustRows.enrolled(c, owner, now);
            }
            return Optional.of(carId);
        });
    }

    /** @return the id of the car holding {@code credential}, or empty if no car does */
    public Optional<String> authenticate(String credential) {
        if (credential == null || credential.isEmpty()) {
            return Optional.empty();
        }
        String hash = Secrets.sha256Hex(credential);
        return database.inTransaction(c -> carIdFor(c, hash));
    }

    /**
     * The cars holding any of {@code credentials}, in one query: the ids by credential, absent for a credential no
     * car holds.
     */
    public java.util.Map<String, String> authenticateAll(java.util.List<String> credentials) {
        java.util.Map<String, String> byHash = new java.util.HashMap<>();
        for (String credential : credentials) {
            if (credential != null && !credential.isEmpty()) {
                byHash.put(Secrets.sha256Hex(credential), credential);
            }
        }
        if (byHash.isEmpty()) {
            return java.util.Map.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(byHash.size(), "?"));
        return database.inTransaction(c -> {
            java.util.Map<String, String> found = new java.util.HashMap<>();
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT credential_hash, id FROM cars WHERE credential_hash IN (" + marks + ")")) {
                int i = 1;
                for (String hash : byHash.keySet()) {
                    query.setString(i++, hash);
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.put(byHash.get(rows.getString(1)), rows.getString(2));
                    }
                }
            }
            return found;
        });
    }

    /**
     * The car's own public key (base64 X.509 Ed25519), or empty when it enrolled without one or was revoked: a
     * revoked car's signature makes nothing count, whatever channel it still holds open.
     */
    public Optional<String> publicKey(String carId) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT public_key FROM cars WHERE id = ? AND revoked_at IS NULL")) {
                query.setString(1, carId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Who is paid for the car's work: its owner, or the car itself when it enrolled without one. */
    public Optional<String> ownerOf(String carId) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT COALESCE(owner_id, id) FROM cars WHERE id = ?")) {
                query.setString(1, carId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /**
     * Marks many cars "eligible, seen at" in one transaction, in car id order (so that two coordinators writing
     * overlapping batches cannot deadlock).
     */
    public void recordSeen(java.util.Map<String, Instant> seenAt) {
        if (seenAt.isEmpty()) {
            return;
        }
        var ordered = new java.util.TreeMap<>(seenAt);
        database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE cars SET last_seen_at = ?, last_eligible = TRUE,"
                    + " last_reason = NULL, last_detail = NULL WHERE id = ?")) {
                for (var car : ordered.entrySet()) {
                    update.setLong(1, car.getValue().toEpochMilli());
                    update.setString(2, car.getKey());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    /** Keeps the car's latest decision (a lease request is one: "eligible now"). */
    public void recordStatus(String carId, CarStatus status, Instant now) {
        database.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE cars SET last_seen_at = ?, last_eligible = ?, last_reason = ?, last_detail = ? WHERE id = ?")) {
                update.setLong(1, now.toEpochMilli());
                update.setBoolean(2, status.eligible());
                update.setString(3, status.reason());
                update.setString(4, status.detail());
                update.setString(5, carId);
                return update.executeUpdate();
            }
        });
    }

    /** The car's latest recorded decision, if it ever reported one. */
    public Optional<CarStatus> status(String carId) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT last_eligible, last_reason, last_detail, last_seen_at FROM cars WHERE id = ? AND last_seen_at IS NOT NULL")) {
                query.setString(1, carId);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new CarStatus(rows.getBoolean(1), rows.getString(2), rows.getString(3),
                                    Instant.ofEpochMilli(rows.getLong(4))))
                            : Optional.<CarStatus>empty();
                }
            }
        });
    }

    private static boolean tokenExists(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT 1 FROM enrollment_tokens WHERE token_hash = ? AND revoked_at IS NULL")) {
            query.setString(1, tokenHash);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static boolean tokenKnown(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT 1 FROM enrollment_tokens WHERE token_hash = ?")) {
            query.setString(1, tokenHash);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static Optional<String> carIdFor(Connection c, String credentialHash) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT id FROM cars WHERE credential_hash = ?")) {
            query.setString(1, credentialHash);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private static void insertCar(Connection c, String carId, String carName, String hardwareClass,
                                  String credentialHash, String tokenHash, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO cars (id, name, hardware_class,"
                + " credential_hash, enrollment_token_hash, enrolled_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, carId);
            insert.setString(2, carName);
            insert.setString(3, hardwareClass);
            insert.setString(4, credentialHash);
            insert.setString(5, tokenHash);
            insert.setLong(6, now.toEpochMilli());
            insert.executeUpdate();
        }
    }

    private static void setPublicKey(Connection c, String carId, String publicKey) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE cars SET public_key = ? WHERE id = ?")) {
            update.setString(1, publicKey);
            update.setString(2, carId);
            update.executeUpdate();
        }
    }

    private static void setOwner(Connection c, String carId, String ownerId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE cars SET owner_id = ? WHERE id = ?")) {
            update.setString(1, ownerId);
            update.setString(2, carId);
            update.executeUpdate();
        }
    }

    private static void requireSecret(String secret, String field) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(field + ": needs " + MIN_SECRET_LENGTH + " or more characters");
        }
    }

    private static void requireText(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + ": longer than " + maxLength + " characters");
        }
    }
}
