package io.terafleet.coordinator.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StoreExceptionTest {
    @Test
    void conflictsBetweenTransactionsAreRetryable() {
        for (String state : new String[] {"40001", "40P01", "55P03", "HYT00"}) {
            StoreException e = StoreException.from(new SQLException("conflict", state));
            assertThat(e.retryable()).as(state).isTrue();
            assertThat(e.sqlState()).isEqualTo(state);
        }
    }

    @Test
    void otherFailuresAreNot() {
        StoreException duplicateKey = StoreException.from(new SQLException("duplicate key", "23505"));
        StoreException connectionLost = StoreException.from(new SQLException("connection reset", "08006"));

        assertThat(duplicateKey.retryable()).isFalse();
        assertThat(duplicateKey.sqlState()).isEqualTo("23505");
        assertThat(connectionLost.retryable()).isFalse();
        assertThat(StoreException.of("no pool", new IllegalStateException()).retryable()).isFalse();
    }

    @Test
    void looksThroughABatchFailureForItsCause() {
        var batch = new BatchUpdateException("batch entry 3 failed", "Batch", new int[0]);
        batch.setNextException(new SQLException("deadlock detected", "40P01"));

        StoreException e = StoreException.from(batch);

        assertThat(e.retryable()).isTrue();
        assertThat(e.sqlState()).isEqualTo("40P01");
    }
}
