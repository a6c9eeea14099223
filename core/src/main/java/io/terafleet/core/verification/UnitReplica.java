package io.terafleet.core.verification;

import java.util.List;
import java.util.Objects;

/** One car's outputs for every input of a unit, in the unit's input order. */
public record UnitReplica(String resultId, String carId, String ownerId, String hardwareClass, List<float[]> outputs)
        implements Replica {
    public UnitReplica {
        Replicas.requireIds(resultId, carId, ownerId, hardwareClass);
        Objects.requireNonNull(outputs, "outputs: must not be null");
        outputs = List.copyOf(outputs);
    }
}
