package io.terafleet.core.vehicle;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Maps VSS values (path → value, as they arrive in a JSON update) onto a {@link VehicleState}. Updates are
 * partial: a path that is absent keeps its previous value; an explicit null clears a nullable field (no solar
 * signal, no charge timer) and is an error for the others. A batch is applied whole or not at all.
 */
public final class VssSnapshot {
    private VssSnapshot() {
    }

    /** Applies {@code signals} on top of {@code previous}; the result is stamped {@code at}. */
    public static VssUpdate apply(VehicleState previous, Map<String, ?> signals, Instant at) {
        VehicleStateBuilder builder = previous.toBuilder().at(at);
        Set<String> ignored = new HashSet<>();
        for (Map.Entry<String, ?> entry : signals.entrySet()) {
            VssField field = VssField.byPath(entry.getKey());
            if (field == null) {
                ignored.add(entry.getKey());
                continue;
            }
            String problem = field.apply(builder, entry.getValue());
            if (problem != null) {
                return new VssUpdate.Rejected(field.path, problem);
            }
        }
        return build(builder, ignored);
    }

    /** Every field of {@code state} as VSS path → JSON-ready value (null for an absent nullable field). */
    public static Map<String, Object> toSignals(VehicleState state) {
        Map<String, Object> signals = new LinkedHashMap<>();
        for (VssField field : VssField.values()) {
            signals.put(field.path, field.valueOf(state));
        }
        return signals;
    }

    private static VssUpdate build(VehicleStateBuilder builder, Set<String> ignored) {
        try {
            return new VssUpdate.Applied(builder.build(), ignored);
        } catch (IllegalArgumentException | NullPointerException e) {
            return rejectionFor(String.valueOf(e.getMessage()));
        }
    }

    /** Range errors from {@link VehicleState} start with the field name; report them under the VSS path. */
    private static VssUpdate.Rejected rejectionFor(String message) {
        int colon = message.indexOf(':');
        VssField field = colon < 0 ? null : VssField.byFieldName(message.substring(0, colon));
        return field == null
                ? new VssUpdate.Rejected("?", message)
                : new VssUpdate.Rejected(field.path, message.substring(colon + 1).trim());
    }
}
