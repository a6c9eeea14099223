package io.terafleet.agent.signals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.terafleet.core.vehicle.VehicleState;
import io.terafleet.core.vehicle.VssSnapshot;
import io.terafleet.core.vehicle.VssUpdate;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Timeline scripts as JSON lines, one VSS update per line:
 * <pre>
 * {"t": "2026-11-21T07:00:00Z", "signals": {"Vehicle.Speed": 0, "Vehicle.Powertrain.Transmission.SelectedGear": 126}}
 * {"t": 5400, "signals": {"Vehicle.Speed": 42.5}}
 * </pre>
 * {@code t} is an ISO-8601 time or a number of seconds after an origin the reader is given. Each line changes
 * only the signals it names; the rest carry forward from earlier lines (the first line starts from
 * {@link VehicleState#unknown}). Lines must not go back in time. Blank lines are skipped.
 */
public final class TimelineFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> SIGNAL_MAP = new TypeReference<>() {
    };

    private TimelineFile() {
    }

    public static VehicleTimeline read(Path file, Instant offsetOrigin) throws IOException {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), offsetOrigin);
        } catch (TimelineFormatException e) {
            throw e.inFile(file.toString());
        }
    }

    /** @param offsetOrigin what numeric {@code t} values count from; may be null when every t is a time */
    public static VehicleTimeline parse(List<String> lines, Instant offsetOrigin) {
        List<TimedState> entries = new ArrayList<>();
        VehicleState state = null;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            int lineNumber = i + 1;
            ObjectNode line = object(lines.get(i), lineNumber);
            Instant at = time(line.get("t"), offsetOrigin, lineNumber);
            if (!entries.isEmpty() && at.isBefore(entries.getLast().at())) {
                throw new TimelineFormatException(lineNumber, "t", at + " is before the previous line's "
                        + entries.getLast().at());
            }
            state = apply(state == null ? VehicleState.unknown(at) : state, signals(line, lineNumber), at, lineNumber);
            entries.add(new TimedState(at, state));
        }
        return new VehicleTimeline(entries);
    }

    /** The timeline as JSON lines with absolute times: the first line in full, then only what changed. */
    public static List<String> format(VehicleTimeline timeline) {
        List<String> lines = new ArrayList<>();
        Map<String, Object> previous = Map.of();
        for (TimedState entry : timeline.entries()) {
            Map<String, Object> signals = VssSnapshot.toSignals(entry.state());
            lines.add(line(entry.at(), changedSince(previous, signals)));
            previous = signals;
        }
        return lines;
    }

    private static Map<String, Object> changedSince(Map<String, Object> previous, Map<String, Object> signals) {
        Map<String, Object> changed = new LinkedHashMap<>();
        signals.forEach((path, value) -> {
            if (!previous.containsKey(path) || !Objects.equals(previous.get(path), value)) {
                changed.put(path, value);
            }
        });
        return changed;
    }

    public static void write(VehicleTimeline timeline, Path file) throws IOException {
        Files.write(file, format(timeline), StandardCharsets.UTF_8);
    }

    private static String line(Instant at, Map<String, Object> signals) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("t", at.toString());
        line.put("signals", signals);
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write VSS values as JSON", e);
        }
    }

    private static ObjectNode object(String text, int lineNumber) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new TimelineFormatException(lineNumber, "json", "not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new TimelineFormatException(lineNumber, "json", "must be an object with \"t\" and \"signals\"");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("t") && !name.equals("signals")) {
                throw new TimelineFormatException(lineNumber, name, "unknown field (a line has \"t\" and \"signals\")");
            }
        }
        return object;
    }

    private static Instant time(JsonNode t, Instant offsetOrigin, int lineNumber) {
        if (t == null || t.isNull()) {
            throw new TimelineFormatException(lineNumber, "t", "is required");
        }
        if (t.isNumber()) {
            if (offsetOrigin == null) {
                throw new TimelineFormatException(lineNumber, "t", "a seconds offset needs an origin; give a time");
            }
            BigDecimal nanos = t.decimalValue().movePointRight(9);
            return offsetOrigin.plusNanos(nanos.longValue());
        }
        if (!t.isTextual()) {
            throw new TimelineFormatException(lineNumber, "t", "must be an ISO-8601 time or seconds, was " + t);
        }
        try {
            return OffsetDateTime.parse(t.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw new TimelineFormatException(lineNumber, "t", "must be an ISO-8601 time such as "
                    + "2026-11-21T07:00:00Z, was \"" + t.textValue() + "\"");
        }
    }

    private static Map<String, Object> signals(ObjectNode line, int lineNumber) {
        JsonNode signals = line.get("signals");
        if (signals == null || !signals.isObject()) {
            throw new TimelineFormatException(lineNumber, "signals", "must be an object of VSS path to value");
        }
        return JSON.convertValue(signals, SIGNAL_MAP);
    }

    private static VehicleState apply(VehicleState previous, Map<String, Object> signals, Instant at, int lineNumber) {
        return switch (VssSnapshot.apply(previous, signals, at)) {
            case VssUpdate.Applied applied -> applied.state();
            case VssUpdate.Rejected rejected -> throw new TimelineFormatException(lineNumber, rejected.path(),
                    rejected.problem());
        };
    }
}
