package io.terafleet.core.verification;

import java.util.Objects;

/**
 * One car's output for one input. The vector is not copied (results are large and never changed
 * after they arrive); equality is by identity, as for any array.
 */
public record ReplicaResult(String resultId, String carId, String ownerId, String hardwareClass, float[] vector)
        implements Replica {
    public ReplicaResult {
        Replicas.requireIds(resultId, carId, ownerId, hardwareClass);
        Objects.requireNonNull(vector, "vector: must not be null");
    }
}
