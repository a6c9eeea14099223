package io.terafleet.agent.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.core.vehicle.Gear;
import io.terafleet.core.vehicle.VehicleState;
import io.terafleet.core.vehicle.VssPaths;
import io.terafleet.core.vehicle.VssSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against the real Mosquitto on 127.0.0.1:1883 (CI runs one). Without a broker these tests fail, on purpose:
 * start one with {@code mosquitto -d -c /etc/mosquitto/mosquitto.conf}.
 */
class MqttVehicleSignalsTest {
    private static final String BROKER = "tcp://127.0.0.1:1883";
    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String run = UUID.randomUUID().toString();
    private final String topic = "terafleet/test/" + run + "/vss";
    private MqttVehicleSignals signals;
    private MqttClient car;

    @BeforeEach
    void connect() throws Exception {
        signals = new MqttVehicleSignals(config(topic, "agent-" + run), Clock.systemUTC());
        signals.start();
        assertThat(signals.awaitConnected(Duration.ofSeconds(10)))
                .as("no MQTT broker answered at %s; start one with: mosquitto -d -c /etc/mosquitto/mosquitto.conf",
                        BROKER)
                .isTrue();
        car = new MqttClient(BROKER, "car-" + run, new MemoryPersistence());
        car.connect();
    }

    @AfterEach
    void disconnect() throws MqttException {
        signals.close();
        if (car.isConnected()) {
            car.disconnect();
        }
        car.close();
    }

    @Test
    void fullAndPartialUpdatesAreMergedAndListenersHearWithinASecond() throws Exception {
        var heard = new AtomicLong();
        signals.onChange(() -> heard.set(System.nanoTime()));
        var parked = VehicleState.parkedIdle(Instant.parse("2026-11-21T07:00:00Z"), 64, true);
        publish(VssSnapshot.toSignals(parked));
        await().atMost(BOUND).until(() -> signals.current().parked());
        assertThat(signals.current().stateOfChargePercent()).isEqualTo(64);

        heard.set(0);
        long sent = System.nanoTime();
        publish(Map.of(VssPaths.SELECTED_GEAR, Gear.DRIVE, VssPaths.SPEED, 12.0));
        await().atMost(BOUND).until(() -> heard.get() != 0);
        assertThat(Duration.ofNanos(heard.get() - sent)).isLessThan(BOUND);
        VehicleState driving = signals.current();
        assertThat(driving.selectedGear()).isEqualTo(Gear.DRIVE);
        assertThat(driving.speedKmh()).isEqualTo(12.0);
        assertThat(driving.stateOfChargePercent()).as("carried over from the full update").isEqualTo(64);
        assertThat(driving.chargingCableConnected()).isTrue();
        assertThat(signals.appliedMessages()).isEqualTo(2);
    }

    @Test
    void wrongValuesAreDroppedWholeAndCounted() throws Exception {
        publish(Map.of(VssPaths.STATE_OF_CHARGE, 55.0));
        await().atMost(BOUND).until(() -> signals.current().stateOfChargePercent() == 55.0);

        publish(Map.of(VssPaths.STATE_OF_CHARGE, 60.0, VssPaths.SPEED, "fast"));
        car.publish(topic, "not json".getBytes(StandardCharsets.UTF_8), 1, false);
        car.publish(topic, "null".getBytes(StandardCharsets.UTF_8), 1, false);
        await().atMost(BOUND).until(() -> signals.rejectedMessages() == 3);
        assertThat(signals.current().stateOfChargePercent()).isEqualTo(55.0);

        publish(Map.of(VssPaths.STATE_OF_CHARGE, 61.0));
        await().atMost(BOUND).until(() -> signals.current().stateOfChargePercent() == 61.0);
    }

    @Test
    void losingTheBrokerIsFailSafeAndItReconnectsByItself() throws Exception {
        publish(VssSnapshot.toSignals(VehicleState.parkedIdle(Instant.now(), 70, true)));
        await().atMost(BOUND).until(() -> signals.current().parked());

        // A second client with the agent's id takes its session over: the broker drops the agent's connection.
        var intruder = new MqttClient(BROKER, "agent-" + run, new MemoryPersistence());
        intruder.connect(new MqttConnectionOptions());
        await().atMost(Duration.ofSeconds(5)).until(() -> !signals.connected());
        assertThat(signals.current().parked()).as("unknown while disconnected").isFalse();
        intruder.disconnect();
        intruder.close();

        await().atMost(Duration.ofSeconds(15)).until(signals::connected);
        publish(Map.of(VssPaths.STATE_OF_CHARGE, 71.5));
        await().atMost(BOUND).until(() -> signals.current().stateOfChargePercent() == 71.5);
        assertThat(signals.current().parked()).as("earlier values survive the reconnect").isTrue();
    }

    @Test
    void configurationErrorsNameTheField() {
        assertThatThrownBy(() -> MqttSignalsConfig.of(BROKER, " ", "id")).hasMessage("topic: must not be blank");
        assertThatThrownBy(() -> new MqttSignalsConfig(BROKER, topic, "id", 3, Duration.ofHours(1),
                Duration.ofSeconds(5), Duration.ofSeconds(30))).hasMessage("qos: must be 0, 1 or 2, was 3");
        assertThatThrownBy(() -> new MqttVehicleSignals(MqttSignalsConfig.of("carrier-pigeon://x", topic, "id"),
                Clock.systemUTC())).hasMessageStartingWith("serverUri:");
    }

    @Test
    void anUnreachableBrokerLeavesTheCarUnknownAndNeverThrows() throws Exception {
        try (var nowhere = new MqttVehicleSignals(MqttSignalsConfig.of("tcp://127.0.0.1:1", topic, "x-" + run),
                Clock.systemUTC())) {
            nowhere.start();
            assertThat(nowhere.awaitConnected(Duration.ofMillis(1500))).isFalse();
            assertThat(nowhere.current().parked()).isFalse();
        }
    }

    /** A short session, so test sessions do not linger in the broker. */
    private static MqttSignalsConfig config(String topic, String clientId) {
        return new MqttSignalsConfig(BROKER, topic, clientId, 1, Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }

    private void publish(Map<String, ?> update) throws Exception {
        car.publish(topic, JSON.writeValueAsBytes(update), 1, false);
    }
}
