package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.EnrollRequest;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.JobStatus;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeasedUnit;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three coordinator processes on one PostgreSQL database, linked by NATS, with cars spread across them; one is
 * killed with SIGKILL mid-job and restarted. Checked in the store afterwards: no unit was leased twice at once, every
 * input has exactly one result and no error, the ledger sums to zero, and every job completed.
 */
@Tag("postgres")
class CoordinatorClusterTest {
    private static final String SERVER = System.getProperty("terafleet.test.postgres", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String NATS = System.getProperty("terafleet.test.nats", "nats://127.0.0.1:4222");
    private static final int CARS_PER_COORDINATOR = 3;

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private String database;

    @AfterEach
    void cleanUp() {
        stop.set(true);
        processes.forEach(Process::destroyForcibly);
        if (database != null) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void sigkilledCoordinatorInAClusterLosesNothing() throws Exception {
        database = "tf_cluster_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        admin("CREATE DATABASE " + database);
        int[] ports = {freePort(), freePort(), freePort()};
        Process[] nodes = new Process[3];
        for (int i = 0; i < 3; i++) {
            nodes[i] = start(ports[i], "node" + i + "-a");
        }
        List<URI> uris = List.of(uri(ports[0]), uri(ports[1]), uri(ports[2]));
        var customer = new JobClient(uris.get(0));
        List<JobStatus> jobs = List.of(
                customer.submit(FleetFixture.jsonl(SampleCorpus.take(600)), FleetFixture.MODEL),
                new JobClient(uris.get(2)).submit(FleetFixture.jsonl(SampleCorpus.all().subList(1000, 1400)),
                        FleetFixture.MODEL));
        AtomicLong completions = new AtomicLong();
        List<Thread> cars = new ArrayList<>();
        for (int i = 0; i < 3 * CARS_PER_COORDINATOR; i++) {
            URI coordinator = uris.get(i % 3);
            String name = "car-" + i;
            cars.add(Thread.ofVirtual().start(() -> fakeCar(coordinator, name, completions)));
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> completions.get() >= 20);
        nodes[1].destroyForcibly(); // SIGKILL: no shutdown hook runs
        nodes[1].waitFor();
        Thread.sleep(500);
        nodes[1] = start(ports[1], "node1-b");
        for (JobStatus job : jobs) {
            JobStatus done = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> new JobClient(uris.get(1)).status(job.id()),
                            s -> s.finishedAt() != null);
            assertThat(done.state()).isEqualTo("completed");
            assertThat(done.completed()).isEqualTo(done.total());
            assertThat(done.failed()).isZero();
        }
        stop.set(true);
        for (Thread car : cars) {
            car.join(Duration.ofSeconds(10));
        }
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", "")) {
            assertThat(longValue(c, "SELECT COUNT(*) FROM results")).isEqualTo(1000);
            assertThat(longValue(c, "SELECT COUNT(*) FROM results WHERE error IS NOT NULL")).isZero();
            assertThat(longValue(c, "SELECT COUNT(*) FROM inputs i WHERE NOT EXISTS (SELECT 1 FROM results r"
                    + " WHERE r.job_id = i.job_id AND r.input_index = i.input_index)")).isZero();
            assertThat(overlappingLeases(c)).isEmpty();
            assertThat(longValue(c, "SELECT COUNT(*) FROM (SELECT currency FROM ledger_entries GROUP BY currency"
                    + " HAVING SUM(amount_micros) <> 0) unbalanced")).isZero();
            assertThat(longValue(c, "SELECT COUNT(*) FROM ledger_entries")).isPositive();
            assertThat(longValue(c, "SELECT COUNT(*) FROM jobs WHERE state <> 'COMPLETED'")).isZero();
        }
    }

    /** Pairs of leases of one unit where the later was granted before the earlier had ended. */
    private static List<String> overlappingLeases(Connection c) throws SQLException {
        List<String> overlaps = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT a.id, b.id FROM leases a JOIN leases b ON a.unit_id = b.unit_id"
                     + " AND a.id <> b.id AND (a.granted_at < b.granted_at OR (a.granted_at = b.granted_at AND a.id < b.id))"
                     + " WHERE a.ended_at IS NULL OR a.ended_at > b.granted_at")) {
            while (rows.next()) {
                overlaps.add(rows.getString(1) + " overlaps " + rows.getString(2));
            }
        }
        return overlaps;
    }

    /** A car that leases one unit at a time from its coordinator and answers with vectors of the right shape. */
    private void fakeCar(URI coordinator, String name, AtomicLong completions) {
        CoordinatorClient client = null;
        var signer = io.terafleet.agent.identity.CarSigner.withNewKey();
        float[] vector = new float[384];
        java.util.Arrays.fill(vector, 0.05f);
        while (!stop.get()) {
            try {
                if (client == null) {
                    client = new CoordinatorClient(coordinator);
                    client.useCredential(client.enroll(new EnrollRequest(FleetFixture.TOKEN, name, "HW3", null,
                            signer.publicKey())).credential());
                }
                for (LeasedUnit unit : client.lease(new LeaseRequest(1, 500, List.of(FleetFixture.MODEL))).units()) {
                    List<InputResult> results = unit.inputs().stream()
                            .map(in -> new InputResult(in.index(), vector)).toList();
                    client.complete(new CompleteRequest(unit.leaseId(), results, 1, 0.01).signed(signer.sign(
                            io.terafleet.core.identity.ResultDigest.COMPLETE, unit.leaseId(), unit.unitId(), results,
                            0.01)));
                    completions.incrementAndGet();
                }
            } catch (RuntimeException e) {
                // The coordinator is down (killed): try again shortly, as an agent does.
                sleep(200);
            }
        }
    }

    private Process start(int port, String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.terafleet.cli.Main", "coordinator", "--port", String.valueOf(port),
                "--db-url", SERVER + database, "--db-user", "postgres", "--nats-url", NATS,
                "--enrollment-token", FleetFixture.TOKEN, "--lease-ttl", "PT3S", "--unit-size", "8",
                "--allow-anonymous");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("coordinator-" + name + ".log").toFile()).start();
        processes.add(process);
        var http = HttpClient.newHttpClient();
        var health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/health")).build();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return process;
    }

    private static long longValue(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static URI uri(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement statement = c.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
