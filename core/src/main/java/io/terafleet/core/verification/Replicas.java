package io.terafleet.core.verification;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may hold a replica. Replicas of one unit must come from different owners: an owner with two
 * cars would otherwise outvote an honest car with the same wrong answer twice.
 */
public final class Replicas {
    private Replicas() {
    }

    /** May a car of {@code ownerId} take another replica of a unit whose replicas these owners already hold? */
    public static boolean mayTakeReplica(String ownerId, Set<String> ownersHolding) {
        return ownerId != null && !ownersHolding.contains(ownerId);
    }

    /** The replicas that count (the first from each owner) and the ones that do not (later ones from an owner). */
    public record ByOwner<R extends Replica>(List<R> counted, List<R> ignored) {
    }

    public static <R extends Replica> ByOwner<R> firstPerOwner(List<R> replicas) {
        Set<String> owners = new HashSet<>();
        List<R> counted = new ArrayList<>();
        List<R> ignored = new ArrayList<>();
        for (R replica : replicas) {
            (owners.add(replica.ownerId()) ? counted : ignored).add(replica);
        }
        return new ByOwner<>(List.copyOf(counted), List.copyOf(ignored));
    }

    static void requireIds(String resultId, String carId, String ownerId, String hardwareClass) {
        requireText(resultId, "resultId");
        requireText(carId, "carId");
        requireText(ownerId, "ownerId");
        requireText(hardwareClass, "hardwareClass");
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
    }
}
