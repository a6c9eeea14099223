package io.terafleet.coordinator.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Messages between coordinators that serve one store: events every coordinator must see
 * (revocations, rate-limit spends, job events, work-available wake-ups) and requests sent to
 * whichever coordinator holds a car's connection. An existing engine carries them (NATS, see
 * {@link NatsBus}); one process on an embedded store uses {@link LocalBus}.
 *
 * <p>Subjects are dot-separated words, as NATS has them ({@code tf.revoked.key}).
 */
public interface ClusterBus extends AutoCloseable {

    /** Sends an event to every subscriber of the subject, on every coordinator (this one too). */
    void publish(String subject, byte[] payload);

    /** Calls the handler for every event published to the subject; close the result to stop. */
    Subscription subscribe(String subject, Consumer<byte[]> handler);

    /**
     * Answers requests sent to the subject. With several responders on one subject, each request
     * reaches one of them (a queue group).
     */
    Subscription respond(String subject, Function<byte[], CompletableFuture<byte[]>> responder);

    /** Sends a request to one responder of the subject; fails with {@link NoResponder} if none listens. */
    CompletableFuture<byte[]> request(String subject, byte[] payload, Duration timeout);

    /** A short name for logs and /v1/health: "local" or "nats://host:port". */
    String describe();

    @Override
    void close();

    /** A subscription or responder; closing it stops delivery. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** No coordinator answers on the subject (the car's connection is gone, or no such subject). */
    final class NoResponder extends RuntimeException {
        public NoResponder(String subject) {
            super("no responder on " + subject);
        }
    }
}
