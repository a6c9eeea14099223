package io.terafleet.cli;

import io.terafleet.coordinator.cluster.NatsBus;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The two engines that could carry messages between coordinators, measured the same way: request/reply round
 * trips one at a time (latency), and events published as fast as one publisher can while one subscriber counts
 * them (throughput). NATS through {@link NatsBus}; PostgreSQL through {@code NOTIFY} and {@code LISTEN}, each reply a
 * {@code NOTIFY} on a second channel.
 */
final class BusBench {
    private final int roundTrips;
    private final int events;

    BusBench(int roundTrips, int events) {
        this.roundTrips = roundTrips;
        this.events = events;
    }

    void nats(String url) throws Exception {
        try (NatsBus bus = NatsBus.connect(url)) {
            var responder = bus.respond("bench.echo", CompletableFuture::completedFuture);
            long[] nanos = new long[roundTrips];
            byte[] payload = "ping".getBytes(StandardCharsets.UTF_8);
            for (int i = -100; i < roundTrips; i++) {
                long t0 = System.nanoTime();
                bus.request("bench.echo", payload, Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - t0;
                }
            }
            responder.close();
            CountDownLatch all = new CountDownLatch(events);
            var subscription = bus.subscribe("bench.events", p -> all.countDown());
            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                bus.publish("bench.events", payload);
            }
            boolean done = all.await(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            subscription.close();
            print("NATS " + url, nanos, done ? events / seconds : Double.NaN);
        }
    }

    void postgres(String jdbcUrl, String user, String password) throws Exception {
        try (Connection requester = DriverManager.getConnection(jdbcUrl, user, password);
             Connection responder = DriverManager.getConnection(jdbcUrl, user, password)) {
            requester.setAutoCommit(true);
            responder.setAutoCommit(true);
            listen(requester, "bench_reply");
            listen(responder, "bench_echo");
            AtomicInteger echoed = new AtomicInteger();
            Thread echo = Thread.ofPlatform().daemon().start(() -> {
                try (PreparedStatement notify = responder.prepareStatement("SELECT pg_notify('bench_reply', ?)")) {
                    PGConnection pg = responder.unwrap(PGConnection.class);
                    while (!Thread.currentThread().isInterrupted()) {
                        PGNotification[] got = pg.getNotifications(100);
                        for (PGNotification n : got == null ? new PGNotification[0] : got) {
                            notify.setString(1, n.getParameter());
                            notify.execute();
                            echoed.incrementAndGet();
                        }
                    }
                } catch (SQLException e) {
                    // the connection closed: the benchmark is over
                }
            });
            PGConnection pg = requester.unwrap(PGConnection.class);
            long[] nanos = new long[roundTrips];
            try (PreparedStatement notify = requester.prepareStatement("SELECT pg_notify('bench_echo', ?)")) {
                for (int i = -100; i < roundTrips; i++) {
                    long t0 = System.nanoTime();
                    notify.setString(1, "ping" + i);
                    notify.execute();
                    awaitOne(pg);
                    if (i >= 0) {
                        nanos[i] = System.nanoTime() - t0;
                    }
                }
            }
            echo.interrupt();
            echo.join();
            listen(responder, "bench_events");
            int[] received = {0};
            Thread counter = Thread.ofPlatform().daemon().start(() -> {
                try {
                    PGConnection sub = responder.unwrap(PGConnection.class);
                    while (received[0] < events) {
                        PGNotification[] got = sub.getNotifications(1000);
                        received[0] += got == null ? 0 : got.length;
                    }
                } catch (SQLException e) {
                    // closed
                }
            });
            long t0 = System.nanoTime();
            try (PreparedStatement notify = requester.prepareStatement("SELECT pg_notify('bench_events', ?)")) {
                for (int i = 0; i < events; i++) {
                    notify.setString(1, "event" + i);
                    notify.execute();
                }
            }
            counter.join(60_000);
            double seconds = (System.nanoTime() - t0) / 1e9;
            print("PostgreSQL LISTEN/NOTIFY", nanos, received[0] >= events ? events / seconds : Double.NaN);
        }
    }

    private static void listen(Connection c, String channel) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + channel);
        }
    }

    private static void awaitOne(PGConnection pg) throws SQLException {
        while (true) {
            PGNotification[] got = pg.getNotifications(5000);
            if (got != null && got.length > 0) {
                return;
            }
        }
    }

    private void print(String engine, long[] nanos, double eventsPerSecond) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-32s request/reply p50 %.3f ms  p99 %.3f ms   publish→subscriber %,.0f events/s"
                + " (%,d events)%n", engine, sorted[sorted.length / 2] / 1e6,
                sorted[(int) Math.ceil(0.99 * sorted.length) - 1] / 1e6, eventsPerSecond, events);
    }
}
