package io.terafleet.coordinator.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.cluster.LocalBus;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request reaching a coordinator with no car for its model is answered by another coordinator's car. */
class OnlineForwardingTest {
    private final OnlineConfig config = new OnlineConfig(Duration.ofSeconds(2), 2, Duration.ofMillis(500),
            Duration.ofSeconds(5));
    private final LocalBus bus = new LocalBus();
    private final OnlineRouter withoutCars = new OnlineRouter(config, Clock.systemUTC());
    private final OnlineRouter withCar = new OnlineRouter(config, Clock.systemUTC());
    private final OnlineForwarding forwardingA = new OnlineForwarding(withoutCars, bus);
    private final OnlineForwarding forwardingB = new OnlineForwarding(withCar, bus);

    @AfterEach
    void close() {
        forwardingA.close();
        forwardingB.close();
    }

    @Test
    void aRequestGoesToTheCoordinatorWhoseCarHoldsTheModel() throws Exception {
        CompletableFuture<OnlineTask> handed = CompletableFuture.supplyAsync(() -> {
            try {
                OnlineTask task = withCar.poll("car-1", List.of("m"), Duration.ofSeconds(5)).orElseThrow();
                withCar.answer("car-1", task.requestId(), new OnlineResult(List.of("AAAAAA=="), 2, null, null, null));
                return task;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
        while (withCar.readyCars("m") == 0) {
            Thread.sleep(5);
        }
        Thread.sleep(OnlineForwarding.RECHECK.toMillis() * 2); // the car's coordinator answers on the model's subject

        RouteOutcome outcome = withoutCars.route("m", id -> new OnlineTask(id, "m", OnlineTask.EMBED,
                List.of("hello"), null, null));

        assertThat(outcome).isInstanceOf(RouteOutcome.Answered.class);
        var answered = (RouteOutcome.Answered) outcome;
        assertThat(answered.carId()).isEqualTo("car-1");
        assertThat(answered.result().embeddings()).containsExactly("AAAAAA==");
        assertThat(handed.get().texts()).containsExactly("hello");
    }

    @Test
    void noCoordinatorWithACarMeansNoCar() throws Exception {
        assertThat(withoutCars.route("other", id -> new OnlineTask(id, "other", OnlineTask.EMBED, List.of("x"), null,
                null))).isInstanceOf(RouteOutcome.NoCar.class);
    }
}
