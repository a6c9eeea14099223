package io.terafleet.cli;

import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.intake.ParsedInputs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What connected idle cars cost one coordinator: N enrolled cars, in a process of their own ({@link IdleFleet}),
 * each keep a lease long-poll open at the agent's cadence. Measured over a steady window, for this process alone
 * (the coordinator): CPU time and heap per car, open connections, store transactions per second (PostgreSQL); the
 * cars' process's CPU beside it; then the time from a new job's submission to its first lease.
 */
final class IdleCarsBench {
    private final Coordinator coordinator;
    private final String token;
    private final String model;
    private final DatabaseConfig store;
    private final AtomicInteger enrolled = new AtomicInteger(-1);
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicLong firstLeaseMicros = new AtomicLong();

    IdleCarsBench(Coordinator coordinator, String token, String model, DatabaseConfig store) {
        this.coordinator = coordinator;
        this.token = token;
        this.model = model;
        this.store = store;
    }

    void run(int cars, Duration measured) throws Exception {
        long heapBefore = usedHeapAfterGc();
        Process fleet = startFleet(cars);
        try {
            Thread.ofPlatform().daemon().start(() -> follow(fleet));
            long settle = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (waiting.get() < cars && fleet.isAlive() && System.nanoTime() < settle) {
                Thread.sleep(100);
            }
            Thread.sleep(IdleFleet.AGENT_LEASE_WAIT.toMillis()); // every car has renewed its long-poll once
            long heapAfter = usedHeapAfterGc();
            long commits0 = commits();
            long cpu0 = processCpuNanos();
            long carsCpu0 = cpuNanos(fleet);
            long t0 = System.nanoTime();
            Thread.sleep(measured.toMillis());
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuCores = (processCpuNanos() - cpu0) / 1e9 / seconds;
            double carsCores = (cpuNanos(fleet) - carsCpu0) / 1e9 / seconds;
            long commits = commits() - commits0;
            int connected = coordinator.waitingLeaseCalls();
            long openFiles = openFiles();
            long submitted = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
            coordinator.jobs().create(model, List.of(new ParsedInputs.JobInput("first", "a new job's first input")));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (firstLeaseMicros.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            double firstLeaseMillis = firstLeaseMicros.get() == 0 ? Double.NaN
                    : (firstLeaseMicros.get() - submitted) / 1e3;
            System.out.printf("idle cars: %,d enrolled, %,d waiting in a lease long-poll at the coordinator (%d s wait),"
                    + " %d s measured; the cars run in a process of their own%n", enrolled.get(), connected,
                    IdleFleet.AGENT_LEASE_WAIT.toSeconds(), measured.toSeconds());
            System.out.printf("  coordinator CPU: %.3f cores = %.1f µs per idle car per second (the cars' process:"
                    + " %.3f cores)%n", cpuCores, cpuCores * 1e6 / Math.max(1, connected), carsCores);
            System.out.printf("  coordinator heap after GC: %,d MiB more with the cars connected = %,.1f KiB per idle"
                    + " car; %,d open files%n", (heapAfter - heapBefore) >> 20,
                    (heapAfter - heapBefore) / 1024.0 / Math.max(1, connected), openFiles);
            System.out.printf("  store transactions: %s%n", commits < 0 ? "not counted (H2)"
                    : String.format("%.1f/s = %.4f per idle car per second", commits / seconds,
                            commits / seconds / Math.max(1, connected)));
            System.out.printf("  a new job's first lease: %.1f ms after submission; %d request errors on the cars'"
                    + " side%n", firstLeaseMillis, errors.get());
        } finally {
            fleet.getOutputStream().close(); // the fleet ends when its input closes
            if (!fleet.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                fleet.destroyForcibly();
            }
        }
    }

    private Process startFleet(int cars) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // The cars share one HTTP client here (a car has its own): a pooled connection idle longer than the
        // server keeps one would be closed under it, so the client drops idle ones first.
        return new ProcessBuilder(java, "-XX:+UseParallelGC", "-Djdk.httpclient.keepalive.timeout=10", "-cp", System.getProperty("java.class.path"),
                IdleFleet.class.getName(), coordinator.uri().toString(), token, model, Integer.toString(cars))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Reads the fleet's reports (see {@link IdleFleet}). */
    private void follow(Process fleet) {
        try (var lines = new BufferedReader(new InputStreamReader(fleet.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                String[] fact = line.startsWith(IdleFleet.REPORT)
                        ? line.substring(IdleFleet.REPORT.length()).split(" ", 2) : new String[0];
                if (fact.length != 2 || !fact[1].trim().matches("\\d+")) {
                    System.err.println("[cars] " + line); // the fleet's log, not a report
                    continue;
                }
                long value = Long.parseLong(fact[1].trim());
                switch (fact[0]) {
                    case "enrolled" -> enrolled.set((int) value);
                    case "waiting" -> waiting.set((int) value);
                    case "errors" -> errors.set((int) value);
                    case "first-lease" -> firstLeaseMicros.compareAndSet(0, value);
                    default -> { }
                }
            }
        } catch (IOException e) {
            // the fleet ended
        }
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

    /** The process's user and system CPU time, from {@code /proc} (Linux); zero where that cannot be read. */
    private static long cpuNanos(Process process) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(process.pid()),
                    "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long openFiles() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getOpenFileDescriptorCount() : -1;
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
