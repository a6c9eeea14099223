package io.terafleet.coordinator.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import io.terafleet.core.identity.CarKeys;
import io.terafleet.core.identity.OnlineAnswerDigest;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * An online answer reaches the caller only when the answering car signed it with its own key over (request id,
 * model, answer); any other answer is refused, the request goes on to another car, and the car takes a strike.
 */
class SignedAnswersTest {
    private static final OnlineResult VECTORS = new OnlineResult(List.of("AACAPw=="), 2, null, null, null);
    private final OnlineRouter router = new OnlineRouter(new OnlineConfig(Duration.ofMillis(500), 3,
            Duration.ofMillis(500), Duration.ofSeconds(5)), Clock.systemUTC());
    private final Map<String, KeyPair> keys = new ConcurrentHashMap<>();
    private final List<String> strikes = new CopyOnWriteArrayList<>();
    private final SignedAnswers signed = new SignedAnswers(router,
            car -> Optional.ofNullable(keys.get(car)).map(KeyPair::getPublic), strikes::add);
    private final KeyPair thief = CarKeys.generate();

    private static OnlineTask task(String id) {
        return new OnlineTask(id, "m", OnlineTask.EMBED, List.of("hello"), null, null);
    }

    /** A car that polls once and answers what {@code answer} makes of the task; the outcome of its answer. */
    private CompletableFuture<SignedAnswers.Outcome> car(String carId,
                                                         BiFunction<OnlineTask, OnlineResult, OnlineResult> answer) {
        keys.putIfAbsent(carId, CarKeys.generate());
        return CompletableFuture.supplyAsync(() -> {
            try {
                var task = router.poll(carId, List.of("m"), Duration.ofSeconds(5)).orElseThrow();
                return signed.deliver(carId, task.requestId(), answer.apply(task, VECTORS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
    }

    private OnlineResult signedBy(KeyPair key, String requestId, String model, OnlineResult answer) {
        return answer.withSignature(CarKeys.sign(key.getPrivate(), OnlineAnswerDigest.of(requestId, model, answer)));
    }

    private OnlineResult own(String carId, OnlineTask task, OnlineResult answer) {
        return signedBy(keys.get(carId), task.requestId(), task.model(), answer);
    }

    private void awaitReady(int cars) throws InterruptedException {
        while (router.readyCars("m") < cars) {
            Thread.sleep(5);
        }
    }

    @Test
    void anAnswerSignedWithAnotherKeyIsNotDeliveredAndTheRequestGoesToTheNextCar() throws Exception {
        var forger = car("forger", (task, answer) -> signedBy(thief, task.requestId(), task.model(),
                new OnlineResult(List.of("AAAAAA=="), 2, null, null, null)));
        awaitReady(1);
        var honest = car("honest", (task, answer) -> own("honest", task, answer));
        awaitReady(2);

        var outcome = router.route("m", SignedAnswersTest::task);

        assertThat(forger.get()).isEqualTo(SignedAnswers.Outcome.FORGED);
        assertThat(honest.get()).isEqualTo(SignedAnswers.Outcome.DELIVERED);
        var answered = (RouteOutcome.Answered) outcome;
        assertThat(answered.carId()).isEqualTo("honest");
        assertThat(answered.result().embeddings()).isEqualTo(VECTORS.embeddings());
        assertThat(strikes).containsExactly("forger");
    }

    @Test
    void anUnsignedAnswerIsRefusedAndStruck() throws Exception {
        var unsigned = car("unsigned", (task, answer) -> answer);
        awaitReady(1);
        var honest = car("honest", (task, answer) -> own("honest", task, answer));
        awaitReady(2);

        assertThat(router.route("m", SignedAnswersTest::task)).isInstanceOf(RouteOutcome.Answered.class);
        assertThat(unsigned.get()).isEqualTo(SignedAnswers.Outcome.MISSING);
        assertThat(honest.get()).isEqualTo(SignedAnswers.Outcome.DELIVERED);
        assertThat(strikes).containsExactly("unsigned");
    }

    @Test
    void theCarsOwnSignatureOverAnotherRequestOrModelOrAnswerIsRefused() throws Exception {
        var replayed = car("replayer", (task, answer) -> own("replayer",
                new OnlineTask("req_earlier", task.model(), task.kind(), task.texts(), null, null), answer));
        awaitReady(1);
        var otherModel = car("relabeller", (task, answer) -> own("relabeller",
                new OnlineTask(task.requestId(), "other-model", task.kind(), task.texts(), null, null), answer));
        awaitReady(2);
        var changed = car("changer", (task, answer) -> new OnlineResult(List.of("AAAAAA=="), 2, null, null, null)
                .withSignature(own("changer", task, answer).signature()));
        awaitReady(3);

        var outcome = router.route("m", SignedAnswersTest::task);

        assertThat(List.of(replayed.get(), otherModel.get(), changed.get()))
                .containsOnly(SignedAnswers.Outcome.FORGED);
        assertThat(outcome).as("every car refused: no answer, a retryable failure (503)")
                .isInstanceOf(RouteOutcome.Unavailable.class);
        assertThat(strikes).containsExactlyInAnyOrder("replayer", "relabeller", "changer");
    }

    @Test
    void aCarWithoutAKeyIsRefusedWithoutAStrike() throws Exception {
        keys.put("placeholder", CarKeys.generate());
        var keyless = CompletableFuture.supplyAsync(() -> {
            try {
                var task = router.poll("keyless", List.of("m"), Duration.ofSeconds(5)).orElseThrow();
                return signed.deliver("keyless", task.requestId(), VECTORS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
        awaitReady(1);

        assertThat(router.route("m", SignedAnswersTest::task)).isNotInstanceOf(RouteOutcome.Answered.class);
        assertThat(keyless.get()).isEqualTo(SignedAnswers.Outcome.KEYLESS);
        assertThat(strikes).isEmpty();
    }

    @Test
    void anAnswerToARequestNotHandedToTheCarIsGone() {
        keys.put("stranger", CarKeys.generate());
        assertThat(signed.deliver("stranger", "req_unknown", VECTORS)).isEqualTo(SignedAnswers.Outcome.GONE);
        assertThat(strikes).isEmpty();
    }
}
