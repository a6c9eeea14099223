package io.terafleet.coordinator;

import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.intake.InputLimits;
import io.terafleet.core.scheduling.RetryPolicy;
import io.terafleet.core.scheduling.SchedulingPolicy;
import java.time.Duration;
import java.util.List;

/**
 * Everything a coordinator needs to start; validated at construction, errors name the field.
 *
 * @param host             interface to listen on
 * @param port             TCP port, 0 for any free one
 * @param database         where jobs, inputs, units and results live
 * @param enrollmentTokens tokens that let a car enroll (operators hand them out)
 * @param leaseTtl         how long a lease lives without a heartbeat
 * @param maxLeaseWait     the longest a lease call may wait for work (long-poll bound)
 * @param unitSize         inputs per work unit
 * @param maxAttempts      leases a unit may use up before it fails
 * @param limits           bounds on a submitted input file
 * @param retry            requeue backoff and give-up rules (its maxAttempts is replaced by {@code maxAttempts})
 * @param scheduling       how units are ranked and cut per car
 * @param natsUrl          the NATS server coordinators of one store talk through ({@code nats://host:4222}); null:
 *                         this coordinator is alone (an in-process bus)
 * @param probation        when a granted owner's cars leave probation
 * @param enrollment       enrollment limits per source and grant, the loopback exemption, the trusted proxies
 */
public record CoordinatorConfig(String host, int port, DatabaseConfig database, List<String> enrollmentTokens,
                                Duration leaseTtl, Duration maxLeaseWait, int unitSize, int maxAttempts,
                                InputLimits limits, RetryPolicy retry, SchedulingPolicy scheduling, String natsUrl,
                                io.terafleet.core.verification.OwnerProbation probation,
                                io.terafleet.coordinator.access.EnrollmentPolicy enrollment) {
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(30);

    public CoordinatorConfig {
        require(host != null && !host.isBlank(), "host", "must be set");
        require(port >= 0 && port <= 65535, "port", "must be within 0..65535, was " + port);
        require(database != null, "database", "must be set");
        enrollmentTokens = List.copyOf(enrollmentTokens == null ? List.of() : enrollmentTokens);
        for (String token : enrollmentTokens) {
            require(token != null && token.length() >= 16, "enrollmentTokens", "each token needs 16 or more characters");
        }
        require(leaseTtl != null && leaseTtl.compareTo(Duration.ofMillis(200)) >= 0,
                "leaseTtl", "must be at least 200 ms, was " + leaseTtl);
        require(maxLeaseWait != null && !maxLeaseWait.isNegative() && maxLeaseWait.compareTo(Duration.ofSeconds(60)) <= 0,
                "maxLeaseWait", "must be within 0..60 s, was " + maxLeaseWait);
        require(unitSize >= 1 && unitSize <= 10_000, "unitSize", "must be within 1..10000, was " + unitSize);
        require(maxAttempts >= 1 && maxAttempts <= 100, "maxAttempts", "must be within 1..100, was " + maxAttempts);
        require(limits != null, "limits", "must be set");
        retry = (retry == null ? RetryPolicy.DEFAULT : retry).withMaxAttempts(maxAttempts);
        scheduling = scheduling == null ? SchedulingPolicy.DEFAULT : scheduling;
        probation = probation == null ? io.terafleet.core.verification.OwnerProbation.defaults() : probation;
        enrollment = enrollment == null ? io.terafleet.coordinator.access.EnrollmentPolicy.DEFAULTS : enrollment;
        require(natsUrl == null || natsUrl.matches("(nats|tls)://[^\\s]+"), "natsUrl",
                "must be a nats:// or tls:// URL, was " + natsUrl);
    }

    /** New owners' probation by default (7 days and 20 verified units). */
    public CoordinatorConfig(String host, int port, DatabaseConfig database, List<String> enrollmentTokens,
                             Duration leaseTtl, Duration maxLeaseWait, int unitSize, int maxAttempts,
                             InputLimits limits, RetryPolicy retry, SchedulingPolicy scheduling, String natsUrl) {
        this(host, port, database, enrollmentTokens, leaseTtl, maxLeaseWait, unitSize, maxAttempts, limits, retry,
                scheduling, natsUrl, null);
    }

    /** Default enrollment limits (loopback exempt, no trusted proxy). */
    public CoordinatorConfig(String host, int port, DatabaseConfig database, List<String> enrollmentTokens,
                             Duration leaseTtl, Duration maxLeaseWait, int unitSize, int maxAttempts,
                             InputLimits limits, RetryPolicy retry, SchedulingPolicy scheduling, String natsUrl,
                             io.terafleet.core.verification.OwnerProbation probation) {
        this(host, port, database, enrollmentTokens, leaseTtl, maxLeaseWait, unitSize, maxAttempts, limits, retry,
                scheduling, natsUrl, probation, null);
    }

    /** Who enrollments are counted against and how many each may make. */
    public CoordinatorConfig withEnrollment(io.terafleet.coordinator.access.EnrollmentPolicy policy) {
        return new CoordinatorConfig(host, port, database, enrollmentTokens, leaseTtl, maxLeaseWait, unitSize,
                maxAttempts, limits, retry, scheduling, natsUrl, probation, policy);
    }

    /** When a granted owner's cars leave probation. */
    public CoordinatorConfig withProbation(io.terafleet.core.verification.OwnerProbation rules) {
        return new CoordinatorConfig(host, port, database, enrollmentTokens, leaseTtl, maxLeaseWait, unitSize,
                maxAttempts, limits, retry, scheduling, natsUrl, rules, enrollment);
    }

    /** No cluster bus: a coordinator alone on its store. */
    public CoordinatorConfig(String host, int port, DatabaseConfig database, List<String> enrollmentTokens,
                             Duration leaseTtl, Duration maxLeaseWait, int unitSize, int maxAttempts,
                             InputLimits limits, RetryPolicy retry, SchedulingPolicy scheduling) {
        this(host, port, database, enrollmentTokens, leaseTtl, maxLeaseWait, unitSize, maxAttempts, limits, retry,
                scheduling, null);
    }

    /** Talks to the other coordinators of its store through the NATS server at {@code url}. */
    public CoordinatorConfig withNatsUrl(String url) {
        return new CoordinatorConfig(host, port, database, enrollmentTokens, leaseTtl, maxLeaseWait, unitSize,
                maxAttempts, limits, retry, scheduling, url, probation, enrollment);
    }

    /** Default retry and scheduling policies. */
    public CoordinatorConfig(String host, int port, DatabaseConfig database, List<String> enrollmentTokens,
                             Duration leaseTtl, Duration maxLeaseWait, int unitSize, int maxAttempts,
                             InputLimits limits) {
        this(host, port, database, enrollmentTokens, leaseTtl, maxLeaseWait, unitSize, maxAttempts, limits, null,
                null);
    }

    public static CoordinatorConfig defaults(DatabaseConfig database, List<String> enrollmentTokens) {
        return new CoordinatorConfig("127.0.0.1", 8080, database, enrollmentTokens, DEFAULT_LEASE_TTL,
                Duration.ofSeconds(20), 64, 5, InputLimits.DEFAULTS);
    }

    public CoordinatorConfig withPort(int newPort) {
        return new CoordinatorConfig(host, newPort, database, enrollmentTokens, leaseTtl, maxLeaseWait, unitSize,
                maxAttempts, limits, retry, scheduling, natsUrl, probation, enrollment);
    }

    public CoordinatorConfig withLeaseTtl(Duration ttl) {
        return new CoordinatorConfig(host, port, database, enrollmentTokens, ttl, maxLeaseWait, unitSize,
                maxAttempts, limits, retry, scheduling, natsUrl, probation, enrollment);
    }

    public CoordinatorConfig withUnitSize(int size) {
        return new CoordinatorConfig(host, port, database, enrollmentTokens, leaseTtl, maxLeaseWait, size,
                maxAttempts, limits, retry, scheduling, natsUrl, probation, enrollment);
    }

    public CoordinatorConfig withRetry(RetryPolicy policy) {
        return new CoordinatorConfig(host, port, database, enrollmentTokens, leaseTtl, maxLeaseWait, unitSize,
                policy.maxAttempts(), limits, policy, scheduling, natsUrl, probation, enrollment);
    }

    public CoordinatorConfig withScheduling(SchedulingPolicy policy) {
        return new CoordinatorConfig(host, port, database, enrollmentTokens, leaseTtl, maxLeaseWait, unitSize,
                maxAttempts, limits, retry, policy, natsUrl, probation, enrollment);
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": " + message);
        }
    }
}
