package io.terafleet.agent.signals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.core.vehicle.VehicleState;
import io.terafleet.core.vehicle.VssSnapshot;
import io.terafleet.core.vehicle.VssUpdate;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vehicle signals from an MQTT topic carrying VSS JSON objects ({@code {"Vehicle.Speed": 12.0, ...}}), each a
 * partial update merged into the last state (see {@link VssSnapshot}). A message with a wrong value is dropped
 * whole and counted. Uses the Eclipse Paho MQTT v5 client with a persistent session and automatic reconnection.
 *
 * <p>Fail-safe: until subscribed, and whenever the connection is lost, {@link #current()} is
 * {@link VehicleState#unknown} (not parked), because the car may have driven off meanwhile. Listeners hear of
 * every applied update and of every loss of connection as it happens.
 */
public final class MqttVehicleSignals implements VehicleSignals, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttVehicleSignals.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> SIGNAL_MAP = new TypeReference<>() {
    };

    private final MqttSignalsConfig config;
    private final Clock clock;
    private final MqttAsyncClient client;
    private final ScheduledExecutorService retries;
    private final AtomicReference<VehicleState> lastKnown;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Object connection = new Object();
    private volatile boolean subscribed;
    private volatile boolean closed;
    private volatile Duration nextRetry = Duration.ofSeconds(1);

    public MqttVehicleSignals(MqttSignalsConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.lastKnown = new AtomicReference<>(VehicleState.unknown(clock.instant()));
        try {
            this.client = new MqttAsyncClient(config.serverUri(), config.clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("serverUri: not a usable MQTT address, was " + config.serverUri(), e);
        }
        this.client.setCallback(new Callback());
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mqtt-signals-connect");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts connecting in the background; it keeps trying until connected or closed. */
    public void start() {
        retries.execute(this::connect);
    }

    /** Waits until connected and subscribed; false when that did not happen in time. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (connection) {
            while (!subscribed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(connection, left);
            }
            return true;
        }
    }

    public boolean connected() {
        return subscribed;
    }

    /** Updates applied since start. */
    public long appliedMessages() {
        return applied.get();
    }

    /** Messages dropped because they were not a JSON object or held a wrong value. */
    public long rejectedMessages() {
        return rejected.get();
    }

    @Override
    public VehicleState current() {
        return subscribed ? lastKnown.get() : VehicleState.unknown(clock.instant());
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        setSubscribed(false);
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(config.connectTimeout().toMillis());
            }
        } catch (MqttException e) {
            LOG.debug("MQTT disconnect from {} failed: {}", config.serverUri(), e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT close failed: {}", e.getMessage());
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            client.connect(options(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    nextRetry = Duration.ofSeconds(1);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    retryLater(failure);
                }
            });
        } catch (MqttException e) {
            retryLater(e);
        }
    }

    /** Paho reconnects by itself only after a first success, so the first connection is retried here. */
    private void retryLater(Throwable failure) {
        if (closed) {
            return;
        }
        Duration wait = nextRetry;
        nextRetry = min(wait.multipliedBy(2), config.reconnectMaxDelay());
        LOG.warn("MQTT broker {} not reachable ({}); trying again in {} s", config.serverUri(),
                failure.getMessage(), wait.toSeconds());
        try {
            retries.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("closed while retrying");
        }
    }

    private MqttConnectionOptions options() {
        var options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        options.setConnectionTimeout((int) config.connectTimeout().toSeconds());
        options.setKeepAliveInterval(10);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, (int) config.reconnectMaxDelay().toSeconds());
        return options;
    }

    private void subscribe() {
        // Retained messages only for a new subscription: a resumed session must not replay an old snapshot over
        // newer partial updates.
        var subscription = new MqttSubscription(config.topic(), config.qos());
        subscription.setRetainHandling(1);
        try {
            client.subscribe(new MqttSubscription[] {subscription}, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    LOG.info("listening for VSS updates on {} at {}", config.topic(), config.serverUri());
                    setSubscribed(true);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    LOG.error("MQTT subscribe to {} failed: {}", config.topic(), failure.getMessage());
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            LOG.error("MQTT subscribe to {} failed: {}", config.topic(), e.getMessage());
        }
    }

    private void setSubscribed(boolean now) {
        boolean changed;
        synchronized (connection) {
            changed = subscribed != now;
            subscribed = now;
            connection.notifyAll();
        }
        if (changed) {
            notifyListeners();
        }
    }

    private void receive(byte[] payload) {
        Map<String, Object> signals;
        try {
            signals = JSON.readValue(payload, SIGNAL_MAP);
        } catch (IOException e) {
            signals = null;
        }
        if (signals == null) {
            rejected.incrementAndGet();
            LOG.warn("dropped an MQTT VSS update that is not a JSON object of VSS path to value");
            return;
        }
        synchronized (lastKnown) {
            switch (VssSnapshot.apply(lastKnown.get(), signals, clock.instant())) {
                case VssUpdate.Applied update -> {
                    lastKnown.set(update.state());
                    applied.incrementAndGet();
                }
                case VssUpdate.Rejected why -> {
                    rejected.incrementAndGet();
                    LOG.warn("dropped an MQTT VSS update: {}", why.message());
                    return;
                }
            }
        }
        notifyListeners();
    }

    private void notifyListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("a vehicle-signal listener failed", e);
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            LOG.info("MQTT {} to {}", reconnect ? "reconnected" : "connected", serverUri);
            subscribe();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.warn("MQTT connection to {} lost (reason code {}); the car counts as unknown until it is back",
                    config.serverUri(), response.getReturnCode());
            setSubscribed(false);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            receive(message.getPayload());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error: {}", exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // This source only subscribes.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication.
        }
    }
}
