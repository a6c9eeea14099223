package io.terafleet.coordinator.cluster;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bus between coordinator processes, carried by a NATS server (core NATS subjects, no persistence). */
public final class NatsBus implements ClusterBus {
    private static final Logger LOG = LoggerFactory.getLogger(NatsBus.class);
    private static final String RESPONDERS = "tf-coordinators";

    private final Connection connection;
    private final Dispatcher dispatcher;
    private final String url;

    private NatsBus(Connection connection, String url) {
        this.connection = connection;
        this.url = url;
        this.dispatcher = connection.createDispatcher();
    }

    /** Connects to the NATS server at {@code url} (e.g. {@code nats://127.0.0.1:4222}), reconnecting forever. */
    public static NatsBus connect(String url) {
        var options = new Options.Builder().server(url).connectionName("terafleet-coordinator")
                .maxReconnects(-1).reconnectWait(Duration.ofMillis(250)).build();
        try {
            return new NatsBus(Nats.connect(options), url);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach NATS at " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to NATS at " + url, e);
        }
    }

    @Override
    public void publish(String subject, byte[] payload) {
        connection.publish(subject, payload);
    }

    @Override
    public Subscription subscribe(String subject, Consumer<byte[]> handler) {
        var sub = dispatcher.subscribe(subject, message -> deliver(subject, handler, message));
        return () -> dispatcher.unsubscribe(sub);
    }

    @Override
    public Subscription respond(String subject, Function<byte[], CompletableFuture<byte[]>> responder) {
        var sub = dispatcher.subscribe(subject, RESPONDERS, message -> answer(responder, message));
        return () -> dispatcher.unsubscribe(sub);
    }

    @Override
    public CompletableFuture<byte[]> request(String subject, byte[] payload, Duration timeout) {
        var message = NatsMessage.builder().subject(subject).data(payload).build();
        return connection.requestWithTimeout(message, timeout)
                .thenApply(Message::getData)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(noResponderOr(subject, e)));
    }

    @Override
    public String describe() {
        return url;
    }

    @Override
    public void close() {
        try {
            connection.drain(Duration.ofSeconds(2)).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("NATS drain did not finish cleanly", e);
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deliver(String subject, Consumer<byte[]> handler, Message message) {
        try {
            handler.accept(message.getData());
        } catch (RuntimeException e) {
            LOG.warn("subscriber of {} failed", subject, e);
        }
    }

    private void answer(Function<byte[], CompletableFuture<byte[]>> responder, Message message) {
        var replyTo = message.getReplyTo();
        responder.apply(message.getData()).whenComplete((reply, failure) -> {
            if (failure == null && replyTo != null) {
                connection.publish(replyTo, reply);
            } else if (failure != null) {
                LOG.debug("responder on {} failed", message.getSubject(), failure);
            }
        });
    }

    private static Throwable noResponderOr(String subject, Throwable e) {
        var cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        var text = String.valueOf(cause.getMessage());
        return text.contains("503") || text.toLowerCase(java.util.Locale.ROOT).contains("no responders")
                ? new NoResponder(subject) : cause;
    }
}
