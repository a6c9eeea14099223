package io.terafleet.agent.signals;

import java.time.Duration;
import java.util.Objects;

/**
 * Where {@link MqttVehicleSignals} listens.
 *
 * @param serverUri         e.g. {@code tcp://127.0.0.1:1883}
 * @param topic             the topic carrying VSS JSON updates (wildcards allowed)
 * @param clientId          unique per car: the broker keeps this client's session, and updates sent while it
 *                          was briefly away are delivered when it returns
 * @param qos               0, 1 or 2; 1 (at least once) by default
 * @param sessionExpiry     how long the broker keeps the session while the agent is away
 * @param connectTimeout    how long one connection attempt may take
 * @param reconnectMaxDelay the longest wait between reconnection attempts (they start at 1 s and double)
 */
public record MqttSignalsConfig(String serverUri, String topic, String clientId, int qos, Duration sessionExpiry,
                                Duration connectTimeout, Duration reconnectMaxDelay) {
    public MqttSignalsConfig {
        requireText("serverUri", serverUri);
        requireText("topic", topic);
        requireText("clientId", clientId);
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos: must be 0, 1 or 2, was " + qos);
        }
        requireAtLeastOneSecond("sessionExpiry", sessionExpiry);
        requireAtLeastOneSecond("connectTimeout", connectTimeout);
        requireAtLeastOneSecond("reconnectMaxDelay", reconnectMaxDelay);
    }

    /** QoS 1, a one-hour session, 5 s connection attempts, reconnecting at least every 30 s. */
    public static MqttSignalsConfig of(String serverUri, String topic, String clientId) {
        return new MqttSignalsConfig(serverUri, topic, clientId, 1, Duration.ofHours(1), Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
    }

    private static void requireAtLeastOneSecond(String field, Duration value) {
        Objects.requireNonNull(value, field + ": must not be null");
        if (value.toSeconds() < 1) {
            throw new IllegalArgumentException(field + ": must be at least 1 s, was " + value);
        }
    }
}
