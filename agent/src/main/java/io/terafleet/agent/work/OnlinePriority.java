package io.terafleet.agent.work;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Online requests go before batch work: a customer waits on the line for them. While one is computed, the
 * batch runner holds its next batch back (bounded, so a stream of online requests cannot starve a unit until
 * its lease expires).
 */
final class OnlinePriority {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int active;

    void enter() {
        lock.lock();
        try {
            active++;
        } finally {
            lock.unlock();
        }
    }

    void exit() {
        lock.lock();
        try {
            active--;
            if (active == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no online request is being computed, or {@code max} passes. */
    void awaitIdle(Duration max) {
        long nanos = max.toNanos();
        lock.lock();
        try {
            while (active > 0 && nanos > 0) {
                nanos = idle.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    boolean busy() {
        lock.lock();
        try {
            return active > 0;
        } finally {
            lock.unlock();
        }
    }
}
