package io.terafleet.core.vehicle;

import java.util.Set;

/** What applying a batch of VSS values to a state gave: a new state, or the first value that was wrong. */
public sealed interface VssUpdate {

    /** @param ignoredPaths paths in the batch that Terafleet does not read (cars publish many more signals) */
    record Applied(VehicleState state, Set<String> ignoredPaths) implements VssUpdate {
        public Applied {
            ignoredPaths = Set.copyOf(ignoredPaths);
        }
    }

    /** @param path the VSS path whose value was wrong; nothing of the batch was applied */
    record Rejected(String path, String problem) implements VssUpdate {
        public String message() {
            return path + ": " + problem;
        }
    }
}
