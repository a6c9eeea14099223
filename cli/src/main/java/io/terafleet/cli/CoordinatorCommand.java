package io.terafleet.cli;

import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.intake.InputLimits;
import io.terafleet.coordinator.service.CarService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code terafleet coordinator}: the cloud side as its own process. */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Run a coordinator: client and agent HTTP APIs over an H2 file or a PostgreSQL store.")
final class CoordinatorCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to listen on (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--data-dir", defaultValue = ".terafleet/coordinator",
            description = "Folder of the embedded H2 store when no --db-url is given (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--db-url", description = "JDBC URL of the store, e.g. jdbc:postgresql://127.0.0.1:5432/terafleet")
    String dbUrl;

    @Option(names = "--db-user", description = "Store user") String dbUser;

    @Option(names = "--db-password", description = "Store password (or set TERAFLEET_DB_PASSWORD)",
            defaultValue = "${env:TERAFLEET_DB_PASSWORD}")
    String dbPassword;

    @Option(names = "--enrollment-token", description = "Token cars enroll with (repeatable; one is generated if none)")
    List<String> enrollmentTokens = new ArrayList<>();

    @Option(names = "--lease-ttl", defaultValue = "PT30S", description = "Lease lifetime without heartbeat (default: ${DEFAULT-VALUE})")
    Duration leaseTtl;

    @Option(names = "--unit-size", defaultValue = "64", description = "Inputs per work unit (default: ${DEFAULT-VALUE})")
    int unitSize;

    @Option(names = "--max-attempts", defaultValue = "5", description = "Leases a unit may use before it fails (default: ${DEFAULT-VALUE})")
    int maxAttempts;

    @Option(names = "--nats-url", description = "NATS server linking the coordinators of one store, e.g. nats://127.0.0.1:4222")
    String natsUrl;

    @Option(names = "--probation-days", defaultValue = "7", description = "Days from a granted owner's first car"
            + " before the owner may leave probation (default: ${DEFAULT-VALUE})")
    int probationDays;

    @Option(names = "--probation-units", defaultValue = "20", description = "Verified units of a granted owner's cars"
            + " before the owner may leave probation (default: ${DEFAULT-VALUE})")
    long probationUnits;

    @Option(names = "--check-deadline", defaultValue = "PT10M", description = "How long held generation answers wait"
            + " for a trusted car to check them before a car of another owner generates them again to compare"
            + " (default: ${DEFAULT-VALUE})")
    java.time.Duration checkDeadline;

    @Option(names = "--tls-keystore", description = "PKCS12 keystore with the coordinator's key and certificate:"
            + " serve HTTPS only (make one with the JDK's keytool, see the README, TLS)")
    Path tlsKeystore;

    @Option(names = "--tls-generate", paramLabel = "DIR", description = "Serve HTTPS only with a self-signed"
            + " certificate kept in DIR: made on the first start (DIR/coordinator.p12, and DIR/coordinator-ca.pem for"
            + " the cars' --ca-cert), reused as it is after that")
    Path tlsGenerate;

    @Option(names = "--tls-name", paramLabel = "NAME", description = "Host name or address cars reach the coordinator"
            + " by, written into a --tls-generate certificate beside --host (repeatable)")
    List<String> tlsNames = new ArrayList<>();

    @Option(names = "--tls-keystore-password", defaultValue = "${env:TERAFLEET_TLS_KEYSTORE_PASSWORD}",
            description = "The keystore's password (or set TERAFLEET_TLS_KEYSTORE_PASSWORD; with --tls-generate and"
                    + " neither, one is generated into DIR/coordinator.p12.password)")
    String tlsKeystorePassword;

    @Option(names = "--insecure-http", description = "Serve plain HTTP on a non-loopback --host (credentials and"
            + " results travel in clear)")
    boolean insecureHttp;

    @Option(names = "--trusted-proxy", description = "IP address of a reverse proxy of yours whose X-Forwarded-For"
            + " names the client an enrollment is counted against (repeatable; without one the header is never read)")
    List<String> trustedProxies = new ArrayList<>();

    @Option(names = "--limit-loopback-enrollment", description = "Count enrollments from this machine (loopback)"
            + " against the limits too; by default they are exempt (a demo or benchmark fleet)")
    boolean limitLoopbackEnrollment;

    @picocli.CommandLine.Mixin
    CloudOptions cloud = new CloudOptions();

    @Override
    public Integer call() throws InterruptedException, java.io.IOException {
        checkTlsOptions();
        var build = io.terafleet.coordinator.BuildInfo.current();
        System.out.println("terafleet coordinator " + build.version() + " (commit " + build.commit() + ")");
        DatabaseConfig database = dbUrl != null
                ? new DatabaseConfig(dbUrl, dbUser == null ? "" : dbUser, dbPassword == null ? "" : dbPassword, 16)
                : DatabaseConfig.h2File(dataDir.toAbsolutePath());
        List<String> tokens = new ArrayList<>(enrollmentTokens);
        if (tokens.isEmpty()) {
            tokens.add(CarService.newSecret());
            System.out.println("enrollment token (give it to agents with --token): " + tokens.getFirst());
        }
        var config = new CoordinatorConfig(host, port, database, tokens, leaseTtl, Duration.ofSeconds(20), unitSize,
                maxAttempts, InputLimits.DEFAULTS).withNatsUrl(natsUrl).withProbation(new io.terafleet.core.verification
                .OwnerProbation(Duration.ofDays(probationDays), probationUnits,
                io.terafleet.core.verification.OwnerProbation.defaults().canaryRate()))
                .withEnrollment(io.terafleet.coordinator.access.EnrollmentPolicy.DEFAULTS
                        .withLoopbackExempt(!limitLoopbackEnrollment).withTrustedProxies(trustedProxies));
        var tls = tlsGenerate != null
                ? GeneratedCertificate.openOrCreate(tlsGenerate, host, tlsNames, tlsKeystorePassword,
                        Clock.systemUTC(), System.out)
                : tlsKeystore == null ? null : new io.terafleet.coordinator.http.TlsConfig(tlsKeystore,
                        tlsKeystorePassword == null ? "" : tlsKeystorePassword);
        io.terafleet.coordinator.http.ListenPolicy.check(host, tls != null, insecureHttp);
        Coordinator coordinator = Coordinator.start(config, cloud.config(database, System.out), Clock.systemUTC(),
                tls);
        // Probation cars of the shipped generative model receive its canaries, as embedding canaries are received.
        coordinator.units().addShippedCanaries("kjv-gpt");
        coordinator.units().checkGenerationDeadline(checkDeadline);
        System.out.println("coordinator listening on " + coordinator.uri() + " (OpenAPI: " + coordinator.uri() + "/openapi.yaml)");
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            coordinator.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /** Combinations that cannot mean what the operator wants are bad usage before anything starts. */
    private void checkTlsOptions() {
        if (tlsGenerate != null && tlsKeystore != null) {
            throw new IllegalArgumentException("tls-generate: give --tls-keystore (your own keystore) or"
                    + " --tls-generate (a generated one), not both");
        }
        if (!tlsNames.isEmpty() && tlsGenerate == null) {
            throw new IllegalArgumentException("tls-name: only a --tls-generate certificate takes names; a"
                    + " --tls-keystore certificate already has its own");
        }
        if (tlsGenerate != null) {
            GeneratedCertificate.subjectNames(host, tlsNames);
        }
    }
}
