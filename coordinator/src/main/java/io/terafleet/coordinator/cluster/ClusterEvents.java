package io.terafleet.coordinator.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The events coordinators tell each other, over a {@link ClusterBus}: work available (wake waiting cars), job
 * events (a job was created, cancelled, ended), rate-limit spends (so a tenant's limit holds across coordinators)
 * and revoked credentials (a key or a car credential no coordinator may accept any more).
 *
 * <p>Every event carries the id of the coordinator that published it, so that a subscriber can skip its own
 * (the bus delivers to the publisher too). Payloads are UTF-8 lines: origin, then the event's fields.
 */
public final class ClusterEvents {
    public static final String WORK_AVAILABLE = "tf.work.available";
    public static final String JOB_EVENTS = "tf.job.events";
    public static final String RATE_SPENT = "tf.rate.spent";
    public static final String REVOKED = "tf.revoked.credential";
    /** An owner saved a car's policy: whichever coordinator holds the car's online channel rings it. */
    public static final String POLICY_SAVED = "tf.policy.saved";
    /** Wake-ups closer together than this are sent once: a waiting car re-checks the store anyway. */
    static final Duration WAKE_COALESCE = Duration.ofMillis(20);

    /** A job event: what happened to which job ({@code created}, {@code cancelled}, {@code completed}, ...). */
    public record JobEvent(String jobId, String event) {
    }

    /** A credential revoked: {@code kind} says which ({@code api-key}, {@code car}), {@code id} which one. */
    public record Revoked(String kind, String id) {
    }

    private final ClusterBus bus;
    private final String origin;
    private final Clock clock;
    private final AtomicLong lastWakeMillis = new AtomicLong(Long.MIN_VALUE / 2);

    public ClusterEvents(ClusterBus bus, Clock clock) {
        this(bus, "c-" + UUID.randomUUID().toString().substring(0, 8), clock);
    }

    public ClusterEvents(ClusterBus bus, String origin, Clock clock) {
        this.bus = bus;
        this.origin = origin;
        this.clock = clock;
    }

    /** This coordinator's id on the bus. */
    public String origin() {
        return origin;
    }

    public ClusterBus bus() {
        return bus;
    }

    /** Tells the other coordinators that units may be leasable (coalesced within {@link #WAKE_COALESCE}). */
    public void workAvailable() {
        long now = clock.millis();
        long last = lastWakeMillis.get();
        if (now - last >= WAKE_COALESCE.toMillis() && lastWakeMillis.compareAndSet(last, now)) {
            bus.publish(WORK_AVAILABLE, encode());
        }
    }

    /** Calls {@code handler} when another coordinator says work is available. */
    public ClusterBus.Subscription onWorkAvailable(Runnable handler) {
        return bus.subscribe(WORK_AVAILABLE, payload -> {
            if (!fromHere(payload)) {
                handler.run();
            }
        });
    }

    public void jobEvent(String jobId, String event) {
        bus.publish(JOB_EVENTS, encode(jobId, event));
    }

    /** Every job event, from any coordinator (this one included). */
    public ClusterBus.Subscription onJobEvent(Consumer<JobEvent> handler) {
        return bus.subscribe(JOB_EVENTS, payload -> {
            List<String> fields = decode(payload);
            handler.accept(new JobEvent(fields.get(1), fields.get(2)));
        });
    }

    /** Tells the others that this coordinator let {@code amount} of a tenant's {@code what} through. */
    public void rateSpent(String tenantId, String what, long amount) {
        bus.publish(RATE_SPENT, encode(tenantId, what, Long.toString(amount)));
    }

    /** Spends of other coordinators: (tenant, what, amount). */
    public ClusterBus.Subscription onRateSpentElsewhere(RateSpend handler) {
        return bus.subscribe(RATE_SPENT, payload -> {
            List<String> fields = decode(payload);
            if (!fields.get(0).equals(origin)) {
                handler.spent(fields.get(1), fields.get(2), Long.parseLong(fields.get(3)));
            }
        });
    }

    /** A spend of a tenant's limit seen on the bus. */
    public interface RateSpend {
        void spent(String tenantId, String what, long amount);
    }

    /** Tells every coordinator (this one too) that a credential may no longer be accepted. */
    public void revoked(String kind, String id) {
        bus.publish(REVOKED, encode(kind, id));
    }

    /** Every revocation, from any coordinator (this one included). */
    public ClusterBus.Subscription onRevoked(Consumer<Revoked> handler) {
        return bus.subscribe(REVOKED, payload -> {
            List<String> fields = decode(payload);
            handler.accept(new Revoked(fields.get(1), fields.get(2)));
        });
    }

    /** A car's policy version saved: (car id, version). */
    public record PolicySaved(String carId, long version) {
    }

    /** Tells every coordinator (this one too) that the car has a new policy version to take. */
    public void policySaved(String carId, long version) {
        bus.publish(POLICY_SAVED, encode(carId, Long.toString(version)));
    }

    /** Every saved policy, from any coordinator (this one included). */
    public ClusterBus.Subscription onPolicySaved(Consumer<PolicySaved> handler) {
        return bus.subscribe(POLICY_SAVED, payload -> {
            List<String> fields = decode(payload);
            handler.accept(new PolicySaved(fields.get(1), Long.parseLong(fields.get(2))));
        });
    }

    /** Subscribes to several events at once; closing the result closes them all. */
    public static ClusterBus.Subscription all(List<ClusterBus.Subscription> subscriptions) {
        return () -> subscriptions.forEach(ClusterBus.Subscription::close);
    }

    private boolean fromHere(byte[] payload) {
        return decode(payload).getFirst().equals(origin);
    }

    private byte[] encode(String... fields) {
        StringBuilder text = new StringBuilder(origin);
        for (String field : fields) {
            if (field.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("event field holds a line break: " + field);
            }
            text.append('\n').append(field);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> decode(byte[] payload) {
        return List.of(new String(payload, StandardCharsets.UTF_8).split("\n", -1));
    }
}
