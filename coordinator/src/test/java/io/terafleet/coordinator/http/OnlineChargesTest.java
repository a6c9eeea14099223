package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.core.api.FloatVectors;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.identity.CarKeys;
import io.terafleet.core.identity.OnlineAnswerDigest;
import io.terafleet.core.ledger.StatementLine;
import io.terafleet.core.ledger.UsageLine;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An input delivered by an online request is charged once to the tenant and paid once to the owner of the car whose
 * signed answer was delivered, as an input delivered by a batch is: an embeddings request and a KServe text
 * request, each charged under its own request id.
 */
class OnlineChargesTest {
    private static final String MODEL = "all-minilm-l6-v2";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    CloudFixture cloud;

    @BeforeEach
    void start() {
        // A hand-driven car on a loaded test machine: a deadline that leaves room for a cold JVM's first answer.
        cloud = new CloudFixture(dir, CloudFixture.secured(dir).withOnline(new io.terafleet.coordinator.online
                .OnlineConfig(Duration.ofSeconds(10), 1, Duration.ofSeconds(2), Duration.ofSeconds(30))));
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    /** One poll and one signed answer: a unit vector per text. */
    private CompletableFuture<Void> answerOnce(String credential, KeyPair key) {
        return CompletableFuture.runAsync(() -> {
            try {
                var task = cloud.send("POST", "/v1/agent/online/poll", "{\"models\": [\"" + MODEL
                        + "\"], \"waitMillis\": 10000}", credential).json();
                String requestId = task.get("requestId").asText();
                List<String> vectors = new ArrayList<>();
                for (JsonNode ignored : task.get("texts")) {
                    float[] v = new float[384];
                    Arrays.fill(v, (float) (1 / Math.sqrt(384)));
                    vectors.add(FloatVectors.toBase64(v));
                }
                var answer = new OnlineResult(vectors, 3, null, null, null, null, null);
                answer = answer.withSignature(CarKeys.sign(key.getPrivate(),
                        OnlineAnswerDigest.of(requestId, task.get("model").asText(), answer)));
                var reply = cloud.send("POST", "/v1/agent/online/" + requestId + "/result",
                        JSON.writeValueAsString(answer), credential);
                if (reply.status() >= 300) {
                    throw new AssertionError(reply.body());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void anAnsweredOnlineRequestIsChargedAndPaidOnceByItsInputs() throws Exception {
        var tenant = cloud.send("POST", "/v1/tenants", "{\"name\": \"acme\"}", CloudFixture.OPERATOR).json();
        String apiKey = tenant.get("api_key").asText();
        KeyPair key = CarKeys.generate();
        var car = cloud.send("POST", "/v1/agent/enroll", "{\"enrollmentToken\": \"enrollment-token-for-tests\","
                + " \"carName\": \"c\", \"publicKey\": \"" + CarKeys.encode(key.getPublic()) + "\"}", null).json();
        String carId = car.get("carId").asText();
        String credential = car.get("credential").asText();

        var answered = answerOnce(credential, key);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> cloud.coordinator.cloud().router().readyCars(MODEL) > 0);
        var embeddings = cloud.send("POST", "/v1/embeddings", "{\"model\": \"" + MODEL
                + "\", \"input\": [\"one\", \"two\", \"three\"]}", apiKey);
        assertThat(embeddings.status()).as(embeddings.body()).isEqualTo(200);
        answered.join();

        answered = answerOnce(credential, key);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> cloud.coordinator.cloud().router().readyCars(MODEL) > 0);
        var kserve = cloud.send("POST", "/v2/models/" + MODEL + "/infer", "{\"inputs\": [{\"name\": \"text\","
                + " \"shape\": [2], \"datatype\": \"BYTES\", \"data\": [\"four\", \"five\"]}]}", apiKey);
        assertThat(kserve.status()).as(kserve.body()).isEqualTo(200);
        answered.join();

        var ledger = cloud.coordinator.ledger();
        long charged = ledger.usage(tenant.get("id").asText(), null, null).lines().stream()
                .mapToLong(UsageLine::inputs).sum();
        assertThat(charged).as("3 + 2 inputs delivered, each charged once").isEqualTo(5);
        var paid = ledger.statement(carId, null, null).totals();
        assertThat(paid.stream().mapToLong(StatementLine::verifiedInputs).sum()).isEqualTo(5);
        assertThat(paid.stream().mapToLong(StatementLine::revenueShareMicros).sum()).as("70% of 5 x 0.00002 EUR")
                .isEqualTo(70);
        assertThat(ledger.repository().sumOfAllEntries()).isZero();
    }
}
