package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import io.terafleet.agent.Agent;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.GeneratedAnswer;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.ledger.StatementLine;
import io.terafleet.generation.EngineOptions;
import io.terafleet.generation.GenerationEngine;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A car that leases generation units and returns tokens it never computed, in a batch whose answers two cars must
 * agree on: its answers disagree with the honest cars' greedy answers on the same hardware class, so a third
 * replica decides each input, every one of its answers is judged invalid in the trust book, it is quarantined and
 * paid nothing, and the customer receives the model's real answers.
 */
class LyingBatchCarTest {
    private static final List<String> PROMPTS = List.of("In the beginning", "And God said", "The LORD is my shepherd",
            "Blessed are the meek", "Let there be light", "Amen");
    private static final int MAX_TOKENS = 16;

    @TempDir
    Path dir;

    /** Leases one prompt per unit (it claims a tiny token rate) and completes each with made-up tokens. */
    static final class Liar extends LiarCar {
        final AtomicInteger lied = new AtomicInteger();

        Liar(java.net.URI coordinator) {
            super(coordinator);
        }

        @Override
        void lieOnce() {
            // Several at once: the head of the queue is often another lane of an input it answered already.
            var leased = client.lease(new LeaseRequest(4, 300, List.of(GenerationFleet.MODEL), null, "HW3",
                    null, List.of(GenerationFleet.MODEL), null, 0.6));
            for (LeasedUnit unit : leased.units()) {
                List<InputResult> made = unit.inputs().stream().map(in -> {
                    int[] tokens = new int[MAX_TOKENS];
                    Arrays.fill(tokens, 300);
                    float[] logprobs = new float[MAX_TOKENS];
                    Arrays.fill(logprobs, -0.01f);
                    return InputResult.generated(in.index(), new GeneratedAnswer(tokens, logprobs,
                            "amen ".repeat(MAX_TOKENS), "length", 0, 12));
                }).toList();
                client.complete(new CompleteRequest(unit.leaseId(), made, 5, 0.0001).signed(signer.sign(
                        io.terafleet.core.identity.ResultDigest.COMPLETE, unit.leaseId(), unit.unitId(), made,
                        0.0001)));
                lied.incrementAndGet();
            }
        }
    }

    @Test
    void aCarThatMakesUpTokensIsOutvotedQuarantinedAndUnpaid() throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN)).withPort(0);
        String operatorKey = "operator-key-for-e2e-tests-0013";
        try (Coordinator coordinator = Coordinator.start(config, CloudConfig.secured(config.database(),
                List.of(operatorKey)), Clock.systemUTC());
             GenerationEngine direct = GenerationEngine.open(GenerationFleet.MODEL_DIR, new EngineOptions(1, 4))) {
            var tenant = new OpenAiWire(coordinator.uri().resolve("/v1/"), operatorKey).post("tenants", "{\"name\": \"v\"}");
            var openai = OpenAIOkHttpClient.builder().baseUrl(coordinator.uri().resolve("/v1").toString())
                    .apiKey(tenant.json().get("api_key").asText()).maxRetries(0).build();
            Liar liar = new Liar(coordinator.uri());
            Thread liarThread = Thread.ofVirtual().start(liar);
            Agent honest1 = null;
            Agent honest2 = null;
            try {
                String file = ChatBatches.uploadPrompts(openai, "v-", PROMPTS, MAX_TOKENS);
                Batch batch = openai.batches().create(BatchCreateParams.builder().inputFileId(file)
                        .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                        .completionWindow(BatchCreateParams.CompletionWindow._24H)
                        .metadata(BatchCreateParams.Metadata.builder()
                                .putAdditionalProperty("replication", JsonValue.from("2")).build())
                        .build());
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> liar.lied.get() >= 3);
                honest1 = GenerationFleet.car(coordinator.uri(), "honest-1", new SwitchedCar(Clock.systemUTC()));
                honest2 = GenerationFleet.car(coordinator.uri(), "honest-2", new SwitchedCar(Clock.systemUTC()));

                Batch done = ChatBatches.awaitEnd(openai, batch);
                assertThat(done.status().asString()).as(String.valueOf(done.errors())).isEqualTo("completed");
                ChatBatches.assertIsTheModelsGreedyAnswers(openai, done, PROMPTS, MAX_TOKENS, direct);
                assertThat(trustState(config, liar.carId)).isEqualTo("QUARANTINED");
                assertThat(trustState(config, honest1.carId())).isNotEqualTo("QUARANTINED");
                assertThat(ChatBatches.paid(coordinator, liar.carId, StatementLine::completionTokens)).isZero();
                assertThat(ChatBatches.paid(coordinator, honest1.carId(), StatementLine::completionTokens)
                        + ChatBatches.paid(coordinator, honest2.carId(), StatementLine::completionTokens))
                        .isPositive();
                assertThat(coordinator.ledger().repository().sumOfAllEntries()).isZero();
            } finally {
                liar.running = false;
                liarThread.join();
                openai.close();
                if (honest1 != null) {
                    honest1.close();
                }
                if (honest2 != null) {
                    honest2.close();
                }
            }
        }
    }

    private static String trustState(CoordinatorConfig config, String carId) throws Exception {
        try (var c = DriverManager.getConnection(config.database().jdbcUrl(), config.database().user(),
                config.database().password());
             var q = c.prepareStatement("SELECT state FROM car_trust WHERE car_id = ?")) {
            q.setString(1, carId);
            try (var rows = q.executeQuery()) {
                return rows.next() ? rows.getString(1) : "NEW";
            }
        }
    }
}
