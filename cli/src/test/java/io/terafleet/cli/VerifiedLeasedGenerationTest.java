package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import io.terafleet.agent.Agent;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.ledger.StatementLine;
import io.terafleet.generation.EngineOptions;
import io.terafleet.generation.GenerationEngine;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leased generation units of a batch without replicas, checked on the shipped kjv-gpt: a solo unit held for a check is
 * re-scored by a trusted car (a real agent) in one teacher-forced pass; a car that returned plausible tokens the model
 * would not have chosen is struck and its input generated again, an honest car's answer holds and counts for it, and
 * the honest car is paid its energy with its tokens. Probation cars receive the shipped generative canaries first:
 * a wrong answer to one is a strike, the right one vets the car.
 */
class VerifiedLeasedGenerationTest {
    private static final String OPERATOR_KEY = "operator-key-for-e2e-tests-0024";
    private static final List<String> PROMPTS = List.of("In the beginning", "The LORD is my shepherd");
    private static final int MAX_TOKENS = 16;

    @TempDir
    static Path root;
    static GenerationEngine direct;

    @BeforeAll
    static void open() throws Exception {
        direct = GenerationEngine.open(GenerationFleet.MODEL_DIR, new EngineOptions(1, 4));
    }

    @AfterAll
    static void close() {
        direct.close();
    }

    @Test
    void aTrustedCarsCheckCatchesPlausibleLiesAndLetsHonestAnswersThrough() throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(root.resolve("checks")),
                List.of(FleetFixture.TOKEN)).withPort(0);
        try (Coordinator coordinator = Coordinator.start(config, CloudConfig.secured(config.database(),
                List.of(OPERATOR_KEY)), Clock.systemUTC())) {
            coordinator.units().checkGenerationShare(1.0);
            var checkerSignals = new SwitchedCar(Clock.systemUTC());
            checkerSignals.plug(false); // the checker waits until both solo units are answered
            Agent checker = GenerationFleet.car(coordinator.uri(), "checker", checkerSignals);
            OpenAIClient openai = client(coordinator);
            try {
                setTrusted(config, checker.carId());
                Batch batch = submit(openai, coordinator);
                var liar = new HandGenerationCar(coordinator.uri(), "liar", direct);
                var honest = new HandGenerationCar(coordinator.uri(), "honest", direct);
                LeasedUnit lied = liar.leaseOne();
                LeasedUnit answered = honest.leaseOne();
                assertThat(liar.answerWithPlausibleLies(lied)).isEqualTo(CompleteResponse.ACCEPTED);
                long granted = System.nanoTime();
                assertThat(honest.answerHonestly(answered, 0.5)).isEqualTo(CompleteResponse.ACCEPTED);
                double observedSeconds = (System.nanoTime() - granted) / 1e9 + 5;
                assertThat(count(config, "SELECT COUNT(*) FROM units WHERE replica = -1")).as("both held for a check")
                        .isEqualTo(2);

                checkerSignals.plug(true);
                Batch done = ChatBatches.awaitEnd(openai, batch);
                assertThat(done.status().asString()).as(String.valueOf(done.errors())).isEqualTo("completed");
                ChatBatches.assertIsTheModelsGreedyAnswers(openai, done, PROMPTS, MAX_TOKENS, direct);

                assertThat(count(config, "SELECT total_invalid FROM car_trust WHERE car_id = '" + liar.carId + "'"))
                        .as("the liar is struck").isEqualTo(1);
                assertThat(count(config, "SELECT COUNT(*) FROM replica_results WHERE car_id = '" + liar.carId
                        + "' AND verdict = 'INVALID'")).isEqualTo(1);
                assertThat(count(config, "SELECT total_invalid FROM car_trust WHERE car_id = '" + honest.carId + "'"))
                        .as("the honest car is not").isZero();
                assertThat(count(config, "SELECT total_valid FROM car_trust WHERE car_id = '" + honest.carId + "'"))
                        .isEqualTo(1);
                assertThat(count(config, "SELECT total_invalid FROM car_trust WHERE car_id = '" + checker.carId()
                        + "'")).isZero();

                // Paid by tokens and for energy: nothing for the lie; the honest car's energy bounded by HW3's 72 W
                // over the time its lease was open, funded by the platform, the ledger balanced.
                assertThat(ChatBatches.paid(coordinator, liar.carId, StatementLine::completionTokens)).isZero();
                assertThat(ChatBatches.paid(coordinator, honest.carId, StatementLine::completionTokens)).isPositive();
                long energy = ChatBatches.paid(coordinator, honest.carId, StatementLine::energyCostMicros);
                double kwh = coordinator.ledger().statement(honest.carId, null, null).totals().stream()
                        .mapToDouble(StatementLine::energyKwh).sum();
                assertThat(energy).isPositive();
                assertThat(kwh * 1000).isLessThanOrEqualTo(72 * observedSeconds / 3600);
                long revenue = ChatBatches.paid(coordinator, honest.carId, StatementLine::revenueShareMicros);
                assertThat(coordinator.ledger().repository().unpaidCredit(honest.carId, "EUR").micros())
                        .isEqualTo(revenue + energy);
                assertThat(coordinator.ledger().repository().sumOfAllEntries()).isZero();
                assertThat(coordinator.ledger().repository().invariantViolations()).isEmpty();
            } finally {
                openai.close();
                checker.close();
            }
        }
    }

    @Test
    void probationCarsReceiveTheShippedGenerativeCanariesFirst() throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(root.resolve("canaries")),
                List.of(FleetFixture.TOKEN)).withPort(0);
        try (Coordinator coordinator = Coordinator.start(config, CloudConfig.secured(config.database(),
                List.of(OPERATOR_KEY)), Clock.systemUTC())) {
            OpenAIClient openai = client(coordinator);
            assertThat(coordinator.units().addShippedCanaries(GenerationFleet.MODEL)).isEqualTo(8);
            assertThat(coordinator.units().addShippedCanaries(GenerationFleet.MODEL)).as("once").isZero();
            submit(openai, coordinator);
            var liar = new HandGenerationCar(coordinator.uri(), "liar", direct);
            var honest = new HandGenerationCar(coordinator.uri(), "honest", direct);

            LeasedUnit liarsFirst = liar.leaseOne();
            LeasedUnit honestsFirst = honest.leaseOne();
            assertThat(canary(config, liarsFirst)).isTrue();
            assertThat(canary(config, honestsFirst)).isTrue();
            liar.answerWithPlausibleLies(liarsFirst);
            honest.answerHonestly(honestsFirst, 0.01);

            assertThat(count(config, "SELECT strikes FROM car_trust WHERE car_id = '" + liar.carId + "'"))
                    .as("a wrong canary answer is a strike").isEqualTo(1);
            assertThat(count(config, "SELECT canaries_passed FROM car_trust WHERE car_id = '" + liar.carId + "'"))
                    .isZero();
            assertThat(count(config, "SELECT canaries_passed FROM car_trust WHERE car_id = '" + honest.carId + "'"))
                    .isEqualTo(1);
            assertThat(count(config, "SELECT strikes FROM car_trust WHERE car_id = '" + honest.carId + "'")).isZero();
            assertThat(canary(config, honest.leaseOne())).as("a vetted car gets customer work").isFalse();
            assertThat(coordinator.ledger().repository().sumOfAllEntries()).isZero();
            openai.close();
        }
    }

    private static OpenAIClient client(Coordinator coordinator) throws Exception {
        var tenant = new OpenAiWire(coordinator.uri().resolve("/v1/"), OPERATOR_KEY).post("tenants",
                "{\"name\": \"checked\"}");
        return OpenAIOkHttpClient.builder().baseUrl(coordinator.uri().resolve("/v1").toString())
                .apiKey(tenant.json().get("api_key").asText()).maxRetries(0).build();
    }

    private static Batch submit(OpenAIClient openai, Coordinator coordinator) {
        String file = ChatBatches.uploadPrompts(openai, "line-", PROMPTS, MAX_TOKENS);
        Batch batch = openai.batches().create(BatchCreateParams.builder().inputFileId(file)
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build());
        // The lines become leased units once the batch is validated.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> coordinator.units().hasQueuedWork(java.util.Set.of(GenerationFleet.MODEL)));
        return batch;
    }

    private static void setTrusted(CoordinatorConfig config, String carId) throws Exception {
        try (var c = connect(config); var insert = c.prepareStatement("INSERT INTO car_trust (car_id, state,"
                + " valid_streak, strikes, total_valid, total_invalid, canaries_passed, updated_at)"
                + " VALUES (?, 'TRUSTED', 20, 0, 20, 0, 1, 0)")) {
            insert.setString(1, carId);
            insert.executeUpdate();
        }
    }

    private static boolean canary(CoordinatorConfig config, LeasedUnit unit) throws Exception {
        return count(config, "SELECT CASE WHEN canary THEN 1 ELSE 0 END FROM jobs WHERE id = '" + unit.jobId() + "'")
                == 1;
    }

    private static long count(CoordinatorConfig config, String sql) throws Exception {
        try (var c = connect(config); var q = c.prepareStatement(sql); var rows = q.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private static java.sql.Connection connect(CoordinatorConfig config) throws Exception {
        return DriverManager.getConnection(config.database().jdbcUrl(), config.database().user(),
                config.database().password());
    }
}
