package io.terafleet.coordinator.service;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long-polling lease calls in this coordinator when work may have appeared (a job was
 * submitted, a unit was released or requeued). Other coordinators sharing the store hear of it through the cluster
 * bus ({@link #onLocalSignal}, {@link #signalFromElsewhere}); waiters also wake on a timeout and look again.
 * A lock and condition rather than {@code synchronized}: waiters are virtual threads.
 */
public final class WorkSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long generation;
    /** Wake-ups that say "look again" without saying work appeared (the watcher's, see {@link #nudge}). */
    private long nudges;
    private volatile Runnable onLocalSignal = () -> { };

    /** Work may have appeared here: wakes the waiters here and tells the other coordinators. */
    public void signalAll() {
        wake();
        onLocalSignal.run();
    }

    /** Work appeared at another coordinator: wakes the waiters here without telling the others again. */
    public void signalFromElsewhere() {
        wake();
    }

    /** What to do when work appears here (publish it on the cluster bus); one action. */
    public void onLocalSignal(Runnable action) {
        this.onLocalSignal = action;
    }

    private void wake() {
        lock.lock();
        try {
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes the waiters here to look at the kept list of active jobs again, without marking it out of date: the
     * lease watcher has just read it and found work the waiters have not seen.
     */
    public void nudge() {
        lock.lock();
        try {
            nudges++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The nudges so far; pass them to {@link #awaitChange(long, long, Duration)}. */
    public long nudges() {
        lock.lock();
        try {
            return nudges;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the generation moves past {@code seen}, a nudge comes after {@code seenNudges}, or the timeout. */
    public void awaitChange(long seen, long seenNudges, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (generation == seen && nudges == seenNudges && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The current generation; pass it to {@link #awaitChange} to never miss a signal in between. */
    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the generation moves past {@code seen} or the timeout passes. */
    public void awaitChange(long seen, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (generation == seen && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }
}
