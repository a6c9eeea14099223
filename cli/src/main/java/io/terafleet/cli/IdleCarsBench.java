package io.terafleet.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.intake.ParsedInputs;
import io.terafleet.core.api.EnrollRequest;
import io.terafleet.core.api.EnrollResponse;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeaseResponse;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What connected idle cars cost one coordinator: N enrolled cars each keep a lease long-poll open at the agent's
 * cadence (20 s wait, asked again at once), in this JVM on loopback, on virtual threads sharing one HTTP client.
 * Measured over a steady window: the process's CPU time and heap per car, store transactions per second
 * (PostgreSQL), then the time from a new job's submission to its first lease.
 */
final class IdleCarsBench {
    /** The agent's lease wait ({@code AgentConfig.defaults}). */
    static final Duration AGENT_LEASE_WAIT = Duration.ofSeconds(20);
    /** Cars connect at 500 per second. */
    private static final int RAMP_STEP = 50;
    private static final Duration RAMP_PAUSE = Duration.ofMillis(100);
    /** After a failed request a car waits, as the agent's retrier does (it starts at 200 ms). */
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final Coordinator coordinator;
    private final String token;
    private final String model;
    private final DatabaseConfig store;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong firstLeaseNanos = new AtomicLong();
    private final AtomicInteger errors = new AtomicInteger();

    IdleCarsBench(Coordinator coordinator, String token, String model, DatabaseConfig store) {
        this.coordinator = coordinator;
        this.token = token;
        this.model = model;
        this.store = store;
    }

    void run(int cars, Duration measured) throws Exception {
        long heapBefore = usedHeapAfterGc();
        List<String> credentials = enrollAll(cars);
        List<Thread> threads = new ArrayList<>(cars);
        for (String credential : credentials) {
            threads.add(Thread.ofVirtual().start(() -> idleCar(credential)));
            if (threads.size() % RAMP_STEP == 0) {
                Thread.sleep(RAMP_PAUSE.toMillis()); // cars connect over time, as a fleet does, not all in one instant
            }
        }
        long settle = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (waiting.get() < cars && System.nanoTime() < settle) {
            Thread.sleep(100);
        }
        Thread.sleep(AGENT_LEASE_WAIT.toMillis());
        long heapAfter = usedHeapAfterGc();
        long commits0 = commits();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(measured.toMillis());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuCores = (processCpuNanos() - cpu0) / 1e9 / seconds;
        long commits = commits() - commits0;
        int connected = waiting.get();
        long submitted = System.nanoTime();
        coordinator.jobs().create(model, List.of(new ParsedInputs.JobInput("first", "a new job's first input")));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (firstLeaseNanos.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        double firstLeaseMillis = firstLeaseNanos.get() == 0 ? Double.NaN : (firstLeaseNanos.get() - submitted) / 1e6;
        stop.set(true);
        System.out.printf("idle cars: %,d enrolled, %,d waiting in a lease long-poll (%d s wait), %d s measured%n",
                cars, connected, AGENT_LEASE_WAIT.toSeconds(), measured.toSeconds());
        System.out.printf("  CPU (coordinator and cars, one JVM): %.3f cores = %.1f µs per idle car per second%n",
                cpuCores, cpuCores * 1e6 / cars);
        System.out.printf("  heap after GC: %,d MiB more with the cars connected = %,.1f KiB per idle car%n",
                (heapAfter - heapBefore) >> 20, (heapAfter - heapBefore) / 1024.0 / cars);
        System.out.printf("  store transactions: %s%n", commits < 0 ? "not counted (H2)"
                : String.format("%.1f/s = %.4f per idle car per second", commits / seconds, commits / seconds / cars));
        System.out.printf("  a new job's first lease: %.1f ms after submission; %d request errors%n", firstLeaseMillis,
                errors.get());
        for (Thread t : threads) {
            t.interrupt();
        }
    }

    private List<String> enrollAll(int cars) throws InterruptedException {
        List<String> credentials = java.util.Collections.synchronizedList(new ArrayList<>(cars));
        Semaphore inFlight = new Semaphore(32);
        List<Thread> threads = new ArrayList<>(cars);
        for (int i = 0; i < cars; i++) {
            int index = i;
            inFlight.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    credentials.add(post("v1/agent/enroll", null, new EnrollRequest(token, "idle-car-" + index, "HW3"),
                            EnrollResponse.class).credential());
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    inFlight.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return credentials;
    }

    /** An eligible car with nothing to do: ask for a unit, wait up to 20 s, ask again. */
    private void idleCar(String credential) {
        LeaseRequest request = new LeaseRequest(1, AGENT_LEASE_WAIT.toMillis(), List.of(model));
        boolean counted = false;
        while (!stop.get()) {
            try {
                if (!counted) {
                    waiting.incrementAndGet();
                    counted = true;
                }
                LeaseResponse response = post("v1/agent/lease", credential, request, LeaseResponse.class);
                if (!response.units().isEmpty()) {
                    firstLeaseNanos.compareAndSet(0, System.nanoTime());
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                errors.incrementAndGet();
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis());
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    private <T> T post(String path, String credential, Object body, Class<T> type) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(coordinator.uri() + "/" + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + ": HTTP " + response.statusCode());
        }
        return json.readValue(response.body(), type);
    }

    private long commits() {
        if (!store.isPostgres()) {
            return -1;
        }
        try (Connection c = DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password());
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery(
                     "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()")) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
