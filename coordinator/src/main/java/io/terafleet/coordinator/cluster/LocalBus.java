package io.terafleet.coordinator.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bus of a single coordinator process: delivery is a method call on the publisher's thread. */
public final class LocalBus implements ClusterBus {
    private static final Logger LOG = LoggerFactory.getLogger(LocalBus.class);

    private final Map<String, List<Consumer<byte[]>>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, List<Function<byte[], CompletableFuture<byte[]>>>> responders = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public void publish(String subject, byte[] payload) {
        for (var handler : subscribers.getOrDefault(subject, List.of())) {
            try {
                handler.accept(payload);
            } catch (RuntimeException e) {
                LOG.warn("subscriber of {} failed", subject, e);
            }
        }
    }

    @Override
    public Subscription subscribe(String subject, Consumer<byte[]> handler) {
        var list = subscribers.computeIfAbsent(subject, s -> new CopyOnWriteArrayList<>());
        list.add(handler);
        return () -> list.remove(handler);
    }

    @Override
    public Subscription respond(String subject, Function<byte[], CompletableFuture<byte[]>> responder) {
        var list = responders.computeIfAbsent(subject, s -> new CopyOnWriteArrayList<>());
        list.add(responder);
        return () -> list.remove(responder);
    }

    @Override
    public CompletableFuture<byte[]> request(String subject, byte[] payload, Duration timeout) {
        var list = responders.getOrDefault(subject, List.of());
        if (list.isEmpty()) {
            return CompletableFuture.failedFuture(new NoResponder(subject));
        }
        var responder = list.get(Math.floorMod(next.getAndIncrement(), list.size()));
        try {
            return responder.apply(payload).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public String describe() {
        return "local";
    }

    @Override
    public void close() {
        subscribers.clear();
        responders.clear();
    }
}
