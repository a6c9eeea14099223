package io.terafleet.coordinator.leasing;

import io.terafleet.core.unit.UnitState;

/** A unit as read (and locked) inside a transaction. Its inputs are [firstInput, endInput). */
record UnitRow(String id, String jobId, int unitIndex, String model, int firstInput, int inputCount,
               UnitState state, int attempts, String leaseId, String carId, long jobCreatedAt, int releases,
               int replica, boolean solo) {
    UnitRow withLease(UnitState newState, String newLeaseId, String newCarId) {
        return new UnitRow(id, jobId, unitIndex, model, firstInput, inputCount, newState, attempts, newLeaseId,
                newCarId, jobCreatedAt, releases, replica, solo);
    }

    UnitRow withInputCount(int count) {
        return new UnitRow(id, jobId, unitIndex, model, firstInput, count, state, attempts, leaseId, carId,
                jobCreatedAt, releases, replica, solo);
    }

    UnitRow asSolo(boolean alone) {
        return new UnitRow(id, jobId, unitIndex, model, firstInput, inputCount, state, attempts, leaseId, carId,
                jobCreatedAt, releases, replica, alone);
    }

    int endInput() {
        return firstInput + inputCount;
    }

    boolean holds(int inputIndex) {
        return inputIndex >= firstInput && inputIndex < endInput();
    }

    String describe() {
        return "unit " + id + " (inputs " + firstInput + ".." + (endInput() - 1) + ")";
    }
}
