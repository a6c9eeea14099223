package io.terafleet.coordinator.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waiting online requests: bounded, and tenants take turns whatever the order their requests came in. */
class AdmissionQueueTest {
    @Test
    void aFullQueueRefusesTheNextRequest() {
        var queue = new AdmissionQueue(2);
        assertThat(queue.join("a")).isPresent();
        assertThat(queue.join("b")).isPresent();

        assertThat(queue.join("c")).isEmpty();
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void tenantsTakeTurnsAndEachTenantsRequestsKeepTheirOrder() {
        var queue = new AdmissionQueue(10);
        var a1 = queue.join("a").orElseThrow();
        var a2 = queue.join("a").orElseThrow();
        var a3 = queue.join("a").orElseThrow();
        var b1 = queue.join("b").orElseThrow();
        var c1 = queue.join("c").orElseThrow();
        var b2 = queue.join("b").orElseThrow();

        List<AdmissionQueue.Waiter> served = new ArrayList<>();
        AdmissionQueue.Waiter next;
        while ((next = queue.next()) != null) {
            served.add(next);
        }

        assertThat(served).containsExactly(a1, b1, c1, a2, b2, a3);
        assertThat(queue.size()).isZero();
    }

    @Test
    void aWaiterThatLeavesGivesUpItsPlaceAndItsTenantsTurn() {
        var queue = new AdmissionQueue(10);
        var a1 = queue.join("a").orElseThrow();
        var b1 = queue.join("b").orElseThrow();

        assertThat(queue.leave(a1)).isTrue();
        assertThat(queue.leave(a1)).isFalse();

        assertThat(queue.next()).isEqualTo(b1);
        assertThat(queue.next()).isNull();
        assertThat(queue.join("a")).isPresent();
    }
}
