package io.terafleet.agentdist;

import io.terafleet.agent.signals.MqttSignalsConfig;
import io.terafleet.agent.signals.MqttVehicleSignals;
import io.terafleet.agent.signals.ScriptedTimeline;
import io.terafleet.agent.signals.SimulatedParkedCar;
import io.terafleet.agent.signals.VehicleSignals;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/** Where {@code terafleet agent} reads the car's signals: a script, an MQTT broker, or a simulated parked car. */
public final class SignalOptions {
    @Option(names = "--signals-timeline", description = "Replay a JSON-lines timeline script (numeric t = seconds "
            + "after the agent starts) instead of a simulated parked car")
    Path timeline;

    @Option(names = "--mqtt", description = "MQTT broker URI carrying VSS updates, e.g. tcp://127.0.0.1:1883")
    String mqttUri;

    @Option(names = "--mqtt-topic", description = "Topic of the VSS updates (with --mqtt)")
    String mqttTopic;

    /** An open signal source and how to close it. */
    record Source(VehicleSignals signals, String description, AutoCloseable closer) {
        void close() {
            try {
                closer.close();
            } catch (Exception e) {
                System.err.println("closing " + description + " failed: " + e);
            }
        }
    }

    Source open(String carName, Clock clock) throws IOException {
        if (timeline != null && mqttUri != null) {
            throw new IllegalArgumentException("--signals-timeline and --mqtt: give one signal source, not both");
        }
        if ((mqttUri == null) != (mqttTopic == null)) {
            throw new IllegalArgumentException("--mqtt and --mqtt-topic: give both or neither");
        }
        if (timeline != null) {
            var script = ScriptedTimeline.load(timeline, clock.instant(), clock);
            return new Source(script, "timeline " + timeline, () -> { });
        }
        if (mqttUri != null) {
            var mqtt = new MqttVehicleSignals(MqttSignalsConfig.of(mqttUri, mqttTopic, "terafleet-" + carName), clock);
            mqtt.start();
            return new Source(mqtt, "MQTT " + mqttUri + " topic " + mqttTopic, mqtt::close);
        }
        return new Source(new SimulatedParkedCar(clock, 80), "a simulated parked car (80% charged, plugged in)",
                () -> { });
    }
}
