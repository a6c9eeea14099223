package io.terafleet.cli;

import io.terafleet.agent.inference.Embedder;
import io.terafleet.agent.inference.InferenceInterruptedException;
import io.terafleet.core.vehicle.Eligibility;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * A real embedder that records, per embed call, what the car's policy said at its start and at its end, so a test
 * can check invariant I1 (no inference starts while the car may not compute) and how fast an aborted call ended.
 */
final class RecordingEmbedder implements Embedder {
    /** One embed call: eligibility at its start and end, and whether it was interrupted. */
    record Call(int number, long startNanos, long endNanos, boolean eligibleAtStart, boolean eligibleAtEnd,
                boolean interrupted) {
    }

    private final Embedder delegate;
    private final AtomicReference<Supplier<Eligibility>> decision = new AtomicReference<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger started = new AtomicInteger();
    private volatile IntConsumer onCallStart = n -> { };

    RecordingEmbedder(Embedder delegate) {
        this.delegate = delegate;
    }

    /** The agent's own decision path, set once the agent exists. */
    void decideWith(Supplier<Eligibility> eligibility) {
        decision.set(eligibility);
    }

    /** Runs on the inference thread as each call starts, with the call's 1-based number. */
    void onCallStart(IntConsumer hook) {
        onCallStart = hook;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public float[][] embed(List<String> texts) {
        int number = started.incrementAndGet();
        long start = System.nanoTime();
        boolean eligibleAtStart = eligible();
        onCallStart.accept(number);
        boolean interrupted = false;
        try {
            return delegate.embed(texts);
        } catch (InferenceInterruptedException e) {
            interrupted = true;
            throw e;
        } finally {
            calls.add(new Call(number, start, System.nanoTime(), eligibleAtStart, eligible(), interrupted));
        }
    }

    private boolean eligible() {
        Supplier<Eligibility> d = decision.get();
        return d != null && d.get() instanceof Eligibility.Eligible;
    }

    @Override
    public void interrupt() {
        delegate.interrupt();
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    @Override
    public int dimensions() {
        return delegate.dimensions();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
