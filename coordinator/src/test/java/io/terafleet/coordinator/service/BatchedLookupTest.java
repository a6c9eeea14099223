package io.terafleet.coordinator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchedLookupTest {
    @Test
    void manyConcurrentCallersAreServedByFewBatchesAndEachGetsItsOwnAnswer() throws Exception {
        var batches = new AtomicInteger();
        var release = new CountDownLatch(1);
        var lookup = new BatchedLookup<Integer, String>(100, keys -> {
            batches.incrementAndGet();
            await(release); // the first batch is slow: everyone else queues behind it
            Map<Integer, String> found = new HashMap<>();
            keys.stream().filter(k -> k % 2 == 0).forEach(k -> found.put(k, "car-" + k));
            return found;
        });
        Map<Integer, Optional<String>> answers = new ConcurrentHashMap<>();
        List<Thread> callers = new ArrayList<>();
        for (int key = 0; key < 1000; key++) {
            int k = key;
            callers.add(Thread.ofVirtual().start(() -> answers.put(k, lookup.get(k))));
        }
        Thread.sleep(200);
        release.countDown();
        for (Thread caller : callers) {
            caller.join();
        }
        assertThat(answers).hasSize(1000);
        answers.forEach((key, answer) -> assertThat(answer).isEqualTo(key % 2 == 0
                ? Optional.of("car-" + key) : Optional.empty()));
        assertThat(batches.get()).as("a query per 100 keys, and one for the first caller alone at most")
                .isBetween(10, 12);
    }

    @Test
    void aFailedLoadFailsTheCallersOfThatBatchAndTheNextCallTriesAgain() {
        var calls = new AtomicInteger();
        var lookup = new BatchedLookup<String, String>(10, keys -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("store down");
            }
            return Map.of("a", "car-a");
        });
        assertThatThrownBy(() -> lookup.get("a")).isInstanceOf(IllegalStateException.class).hasMessage("store down");
        assertThat(lookup.get("a")).contains("car-a");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
