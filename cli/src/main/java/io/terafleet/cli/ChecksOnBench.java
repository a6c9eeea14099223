package io.terafleet.cli;

import io.terafleet.agent.Agent;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.OnlineOptions;
import io.terafleet.agent.signals.SimulatedParkedCar;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.generation.GenerationBenchmark;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code bench-chat --batch --check-share}: what checks of solo generation units cost the fleet. A second car, of
 * another owner and marked trusted in the store (as a car earns it by a streak of verified work), takes the check
 * units; each round runs the batch with checks off and on, next to the engine called directly, and counts the units
 * and answers that were held for a check.
 */
final class ChecksOnBench {
    private ChecksOnBench() {
    }

    /** The checking car, started and trusted. */
    static Agent checker(Coordinator coordinator, CoordinatorConfig config, String model, Path dir,
                         OnlineOptions online, Path data) throws Exception {
        String token = config.enrollmentTokens().getFirst();
        Agent checker = new Agent(new AgentConfig(coordinator.uri(), token, "bench-checker", "HW3", List.of(model), 8,
                Duration.ofSeconds(20), Duration.ofMillis(100), DemoCommand.Fleet.DEMO_POLICY),
                new SimulatedParkedCar(Clock.systemUTC(), 80), m -> {
                    throw new IllegalStateException("no embeddings in this benchmark");
                }, Clock.systemUTC(), online.withModelDir(data.resolve("checker-models"))).start();
        while (checker.carId() == null) { // enrolled asynchronously
            Thread.sleep(20);
        }
        try (Connection c = connect(config); var insert = c.prepareStatement("INSERT INTO car_trust (car_id, state,"
                + " valid_streak, strikes, total_valid, total_invalid, canaries_passed, updated_at)"
                + " VALUES (?, 'TRUSTED', 20, 0, 20, 0, 1, 0)")) {
            insert.setString(1, checker.carId());
            insert.executeUpdate();
        }
        return checker;
    }

    static void round(Coordinator coordinator, CoordinatorConfig config, BatchGenerationRun batches, String model,
                      int round, GenerationBenchmark.Measurement direct, double share, int requests, int maxTokens)
            throws Exception {
        coordinator.units().checkGenerationShare(0);
        var off = batches.run(model, ChatBenchCommand.PROMPTS, requests, maxTokens);
        long[] before = checked(config);
        coordinator.units().checkGenerationShare(share);
        var on = batches.run(model, ChatBenchCommand.PROMPTS, requests, maxTokens);
        long[] after = checked(config);
        System.out.printf("  round %d  direct %8.1f tok/s   checks off %8.1f tok/s (ratio %.3f)   checks on %8.1f tok/s"
                        + " (ratio %.3f)   on/off %.3f   units checked %d of %d, answers %d of %d%n", round,
                direct.tokensPerSecond(), off.tokensPerSecond(), off.tokensPerSecond() / direct.tokensPerSecond(),
                on.tokensPerSecond(), on.tokensPerSecond() / direct.tokensPerSecond(),
                on.tokensPerSecond() / off.tokensPerSecond(), after[0] - before[0], after[1] - before[1],
                after[2] - before[2], requests);
    }

    /** Check units so far, generation units completed (lane 0), answers held for a check. */
    private static long[] checked(CoordinatorConfig config) throws SQLException {
        try (Connection c = connect(config)) {
            return new long[] {
                count(c, "SELECT COUNT(*) FROM units WHERE replica = -1"),
                count(c, "SELECT COUNT(*) FROM units WHERE replica = 0 AND state = 'COMPLETED'"),
                count(c, "SELECT COALESCE(SUM(input_count), 0) FROM units WHERE replica = -1")};
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (var q = c.prepareStatement(sql); var rows = q.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Connection connect(CoordinatorConfig config) throws SQLException {
        return DriverManager.getConnection(config.database().jdbcUrl(), config.database().user(),
                config.database().password());
    }
}
