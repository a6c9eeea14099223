package io.terafleet.coordinator.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Look-ups of keys the caller does not know yet, served in batches: whoever finds no look-up running becomes the
 * leader and serves the keys waiting, up to {@code maxBatch} per call, until none is left; the others wait for
 * their answer (blocked, not polling: a storm of thousands of callers costs a wake-up each, not one per slice).
 * When thousands of cars connect to a coordinator at once (it was restarted, or a cell was rebalanced), one store
 * query then serves hundreds of their first requests instead of a transaction each.
 */
final class BatchedLookup<K, V> {
    /**
     * How long a waiting caller waits before checking whether it must lead: only a key added just as a leader
     * found none left and stepped down waits this long.
     */
    private static final long WAIT_SLICE_MICROS = 20_000;
    /** Batches a leader serves for others after its own key is answered, before it steps down. */
    private static final int BATCHES_AFTER_OWN = 8;

    private final int maxBatch;
    private final Function<List<K>, Map<K, V>> load;
    private final Map<K, CompletableFuture<Optional<V>>> waiting = new ConcurrentHashMap<>();
    private final ReentrantLock leader = new ReentrantLock();

    /** @param load the values of the keys it is given (a key without one is absent from the map) */
    BatchedLookup(int maxBatch, Function<List<K>, Map<K, V>> load) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch: must be at least 1, was " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.load = load;
    }

    /** The value of {@code key}, looked up with whatever other keys are waiting; rethrows what the load threw. */
    Optional<V> get(K key) {
        CompletableFuture<Optional<V>> answer = waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
        while (!answer.isDone()) {
            if (leader.tryLock()) {
                try {
                    serveWhileWaiting(answer);
                } finally {
                    leader.unlock();
                }
            } else {
                awaitSlice(answer);
            }
        }
        try {
            return answer.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // the load's own exception (a store failure), as a direct call would throw it
            }
            throw e;
        }
    }

    /**
     * Serves batches until no key is waiting, or until {@link #BATCHES_AFTER_OWN} more once the leader's own key is
     * answered, so that the leader's own caller is not held up for ever by a steady stream of new keys.
     */
    private void serveWhileWaiting(CompletableFuture<Optional<V>> own) {
        int afterOwn = 0;
        while (!own.isDone() || afterOwn++ < BATCHES_AFTER_OWN) {
            List<K> batch = waiting.keySet().stream().limit(maxBatch).toList();
            if (batch.isEmpty()) {
                return;
            }
            Map<K, V> found;
            try {
                found = load.apply(batch);
            } catch (RuntimeException e) {
                batch.forEach(k -> complete(k, null, e));
                continue;
            }
            batch.forEach(k -> complete(k, found.get(k), null));
        }
    }

    private void complete(K key, V value, RuntimeException failure) {
        CompletableFuture<Optional<V>> answer = waiting.remove(key);
        if (answer == null) {
            return;
        }
        if (failure != null) {
            answer.completeExceptionally(failure);
        } else {
            answer.complete(Optional.ofNullable(value));
        }
    }

    private static <T> void awaitSlice(CompletableFuture<T> answer) {
        try {
            answer.get(WAIT_SLICE_MICROS, TimeUnit.MICROSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // not yet answered, or failed: the caller's loop sees which
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a look-up", e);
        }
    }
}
