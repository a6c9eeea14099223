package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.agent.Agent;
import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.client.OnlineChannel;
import io.terafleet.agent.identity.CarSigner;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.api.EnrollRequest;
import io.terafleet.core.api.FloatVectors;
import io.terafleet.core.api.OnlinePoll;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online requests over the car's WebSocket channel against a running coordinator with real inference: answers
 * match direct inference, the channel admits cars only, a long-polling car is still served, and a request handed
 * to a car whose channel closes goes to another car without that car counting as silent.
 */
class OnlineChannelEndToEndTest {
    static final String OPERATOR_KEY = "operator-key-for-e2e-tests-0001";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each blocking call on a thread of its own (the common pool may have one thread on a small machine). */
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors
            .newVirtualThreadPerTaskExecutor();
    @TempDir
    Path dir;
    Coordinator coordinator;
    OpenAiWire openai;
    String tenantKey;

    @BeforeEach
    void start() throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN)).withPort(0);
        coordinator = Coordinator.start(config, CloudConfig.secured(config.database(), List.of(OPERATOR_KEY)),
                Clock.systemUTC());
        var operator = new OpenAiWire(coordinator.uri().resolve("/v1/"), OPERATOR_KEY);
        var tenant = operator.post("tenants", "{\"name\": \"acme\"}");
        assertThat(tenant.status()).as(tenant.body()).isEqualTo(201);
        tenantKey = tenant.json().get("api_key").asText();
        openai = new OpenAiWire(coordinator.uri().resolve("/v1/"), tenantKey);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        coordinator.close();
    }

    @Test
    void aCarOnItsChannelAnswersAsDirectInference() throws Exception {
        try (Agent car = FleetFixture.agent(coordinator.uri(), "channel-car", List.of(FleetFixture.MODEL))) {
            awaitReady();
            assertThat(car.onlineOverChannel()).isTrue();
            for (int size : new int[] {1, 8}) {
                List<String> texts = SampleCorpus.take(size);
                assertEmbeds(texts);
            }
            assertThat(car.onlineServed()).isEqualTo(2);
            assertThat(car.onlineOverChannel()).isTrue();
        }
    }

    @Test
    void aLongPollingCarIsStillServed() throws Exception {
        try (Agent car = FleetFixture.longPollAgent(coordinator.uri(), "polling-car")) {
            awaitReady();
            assertEmbeds(SampleCorpus.take(3));
            assertThat(car.onlineOverChannel()).isFalse();
            assertThat(car.onlineServed()).isEqualTo(1);
        }
    }

    @Test
    void theChannelAdmitsCarsOnly() {
        assertThat(handshakeStatus(null)).isEqualTo(401);
        assertThat(handshakeStatus(tenantKey)).isEqualTo(403);
        assertThat(handshakeStatus("not-a-credential")).isEqualTo(401);
    }

    @Test
    void aRequestHandedToACarWhoseChannelClosesGoesToAnotherAtOnce() throws Exception {
        var dropping = enrolled("dropping-car");
        var channel = new OnlineChannel(dropping.client(), Clock.systemUTC());
        CompletableFuture<OnlineTask> handed = CompletableFuture.supplyAsync(() ->
                channel.onlinePoll(new OnlinePoll(List.of(FleetFixture.MODEL), 20_000)), threads);
        awaitReady();
        List<String> texts = SampleCorpus.take(2);
        float[][] vectors = FleetFixture.direct(texts); // before the request: its car has 1 s to answer
        CompletableFuture<OpenAiWire.Reply> reply = CompletableFuture.supplyAsync(() -> embed(texts), threads);
        assertThat(handed.get().texts()).isEqualTo(texts);

        var answering = enrolled("answering-car");
        CompletableFuture<OnlineTask> second = CompletableFuture.supplyAsync(() ->
                answering.client().onlinePoll(new OnlinePoll(List.of(FleetFixture.MODEL), 20_000)), threads);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                coordinator.cloud().router().readyCars(FleetFixture.MODEL) == 1);
        channel.close(); // without answering
        OnlineTask task = second.get();
        assertThat(task.texts()).isEqualTo(texts);
        assertThat(answering.client().onlineAnswer(task.requestId(), answering.signer().sign(task.requestId(),
                task.model(), new OnlineResult(List.of(FloatVectors.toBase64(vectors[0]),
                        FloatVectors.toBase64(vectors[1])), 8, null, null, null)))).isTrue();

        assertThat(reply.get().status()).as(reply.get().body()).isEqualTo(200);
        // Closed, not silent: the car is not left out of routing as one that timed out would be.
        assertThat(coordinator.cloud().router().health().isHealthy(dropping.carId())).isTrue();
    }

    @Test
    void aRevokedCarsOpenChannelIsClosedAndItIsHandedNothingMore() throws Exception {
        var revoked = enrolled("revoked-car");
        var channel = new OnlineChannel(revoked.client(), Clock.systemUTC());
        CompletableFuture<OnlineTask> offered = CompletableFuture.supplyAsync(() ->
                channel.onlinePoll(new OnlinePoll(List.of(FleetFixture.MODEL), 20_000)), threads);
        awaitReady();

        var operator = new OpenAiWire(coordinator.uri().resolve("/v1/"), OPERATOR_KEY);
        var answer = operator.post("cars/" + revoked.carId() + "/revoke", "{}");
        assertThat(answer.status()).as(answer.body()).isBetween(200, 204);

        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() ->
                coordinator.cloud().router().readyCars(FleetFixture.MODEL) == 0);
        var reply = embed(SampleCorpus.take(1));
        assertThat(reply.status()).as("no car left to answer: " + reply.body()).isEqualTo(503);
        assertThat(offered).as("the revoked car was handed nothing").satisfies(f ->
                assertThat(f.isDone() && !f.isCompletedExceptionally() && f.getNow(null) != null).isFalse());
        channel.close();
    }

    @Test
    void anAnswerNotSignedByTheCarsKeyNeverReachesTheCustomer() throws Exception {
        var thief = CarSigner.withNewKey(); // holds the forger's credential, not its key
        var forger = enrolled("forging-car");
        var channel = new OnlineChannel(forger.client(), Clock.systemUTC());
        CompletableFuture<OnlineTask> toForge = CompletableFuture.supplyAsync(() ->
                channel.onlinePoll(new OnlinePoll(List.of(FleetFixture.MODEL), 20_000)), threads);
        awaitReady();
        var honest = enrolled("honest-car"); // ready after the forger: the request goes to the forger first
        CompletableFuture<OnlineTask> next = CompletableFuture.supplyAsync(() ->
                honest.client().onlinePoll(new OnlinePoll(List.of(FleetFixture.MODEL), 20_000)), threads);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                coordinator.cloud().router().readyCars(FleetFixture.MODEL) == 2);
        List<String> texts = SampleCorpus.take(1);
        float[][] vectors = FleetFixture.direct(texts);
        CompletableFuture<OpenAiWire.Reply> reply = CompletableFuture.supplyAsync(() -> embed(texts), threads);
        OnlineTask forged = toForge.get();
        float[] wrong = vectors[0].clone();
        wrong[0] = -wrong[0];
        // Over the channel, signed with a key that is not the car's: refused, and the request goes on.
        channel.onlineAnswer(forged.requestId(), thief.sign(forged.requestId(), forged.model(),
                new OnlineResult(List.of(FloatVectors.toBase64(wrong)), 4, null, null, null)));
        OnlineTask task = next.get();
        assertThat(task.texts()).isEqualTo(texts);
        assertThat(task.requestId()).isNotEqualTo(forged.requestId());
        // Over the long-poll, unsigned: 403 naming the signature, and nothing delivered.
        assertThatThrownBy(() -> honest.client().onlineAnswer(task.requestId(), new OnlineResult(
                List.of(FloatVectors.toBase64(wrong)), 4, null, null, null)))
                .isInstanceOfSatisfying(io.terafleet.agent.client.CoordinatorException.class,
                        e -> assertThat(e.status()).isEqualTo(403));
        assertThat(reply.get().status()).as("no car answered as itself: 503").isEqualTo(503);
        assertThat(reply.get().header("Retry-After")).isNotNull();
        channel.close();
    }

    private record Enrolled(CoordinatorClient client, String carId, CarSigner signer) {
    }

    private Enrolled enrolled(String name) {
        var client = new CoordinatorClient(coordinator.uri());
        var signer = CarSigner.withNewKey();
        var enrolled = client.enroll(new EnrollRequest(FleetFixture.TOKEN, name, "HW3", null, signer.publicKey()));
        return new Enrolled(client, enrolled.carId(), signer);
    }

    private void awaitReady() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                coordinator.cloud().router().readyCars(FleetFixture.MODEL) > 0);
    }

    private OpenAiWire.Reply embed(List<String> texts) {
        try {
            return openai.post("embeddings", "{\"model\": \"" + FleetFixture.MODEL + "\", \"input\": "
                    + JSON.writeValueAsString(texts) + "}");
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertEmbeds(List<String> texts) {
        var reply = embed(texts);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        float[][] reference = FleetFixture.direct(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(FleetFixture.cosine(FleetFixture.vector(reply.json().get("data").get(i)), reference[i]))
                    .isGreaterThanOrEqualTo(0.9999);
        }
    }

    /** The HTTP status the channel's upgrade request is refused with. */
    private int handshakeStatus(String key) {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        URI uri = URI.create(coordinator.uri().toString().replaceFirst("^http", "ws")).resolve("/v1/agent/online/channel");
        try {
            builder.buildAsync(uri, new WebSocket.Listener() { }).get().abort();
            return 101;
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
