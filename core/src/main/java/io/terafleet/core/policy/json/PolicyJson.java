package io.terafleet.core.policy.json;

import static io.terafleet.core.policy.json.JsonFields.array;
import static io.terafleet.core.policy.json.JsonFields.bool;
import static io.terafleet.core.policy.json.JsonFields.integer;
import static io.terafleet.core.policy.json.JsonFields.longOrNull;
import static io.terafleet.core.policy.json.JsonFields.number;
import static io.terafleet.core.policy.json.JsonFields.numberOrNull;
import static io.terafleet.core.policy.json.JsonFields.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.policy.OwnerPolicyBuilder;
import io.terafleet.core.policy.TimeWindow;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An owner's policy as JSON, read and written in one place for the agent's policy file and the owner's console.
 * Every field is optional and falls back to {@link OwnerPolicy#defaults()};
 * the names are those of {@link OwnerPolicy}. Unknown fields are errors (a misspelt limit must not silently
 * become the default), and every error names its field:
 * <pre>
 * {
 *   "optedIn": true,
 *   "minStateOfChargePercent": 40,
 *   "departureMarginMinutes": 45,
 *   "zone": "Europe/Berlin",
 *   "allowedWindows": ["22:00-07:00"],
 *   "tariff": {"basePricePerKwh": 0.32, "bands": [{"window": "23:00-05:00", "pricePerKwh": 0.12}]},
 *   "maxPricePerKwh": 0.20,
 *   "dailyEnergyBudgetKwh": 8,
 *   "wifiOnlyTransfers": false,
 *   "monthlyCellularCapBytes": 500000000
 * }
 * </pre>
 */
public final class PolicyJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Map<String, BiConsumer<OwnerPolicyBuilder, JsonNode>> FIELDS = fields();

    private PolicyJson() {
    }

    /** What reading a policy gave: the policy, or the first error with the field it names. */
    public sealed interface Reading permits Valid, Invalid {
    }

    public record Valid(OwnerPolicy policy) implements Reading {
    }

    /**
     * {@code field}: the top-level field at fault ({@code tariff} for {@code tariff.bands[0].window}), or
     * {@code policy} when the text is not a policy at all; {@code message} starts with the full path.
     */
    public record Invalid(String field, String message) implements Reading {
    }

    /** Reads a policy, the error as a value naming its field. */
    public static Reading read(String json) {
        try {
            return new Valid(parse(json));
        } catch (PolicyJsonException e) {
            return new Invalid(fieldOf(e.getMessage()), e.getMessage());
        }
    }

    static String fieldOf(String message) {
        int colon = message.indexOf(": ");
        if (colon <= 0) {
            return "policy";
        }
        String path = message.substring(0, colon);
        int end = path.length();
        for (char stop : new char[] {'.', '[', ','}) {
            int at = path.indexOf(stop);
            if (at > 0) {
                end = Math.min(end, at);
            }
        }
        String field = path.substring(0, end);
        return FIELDS.containsKey(field) ? field : "policy";
    }

    /** The policy, or a {@link PolicyJsonException} whose message starts with the field at fault. */
    public static OwnerPolicy parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PolicyJsonException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new PolicyJsonException("the policy is empty; write {} for the defaults");
        }
        if (!root.isObject()) {
            throw new PolicyJsonException("the policy must be a JSON object, was " + root);
        }
        JsonFields.object("", root, FIELDS.keySet());
        OwnerPolicyBuilder builder = OwnerPolicy.builder();
        root.properties().forEach(field -> FIELDS.get(field.getKey()).accept(builder, field.getValue()));
        return build(builder);
    }

    /** The policy as the JSON {@link #parse} reads, every field written out. */
    public static String format(OwnerPolicy policy) {
        ObjectNode root = JSON.createObjectNode();
        root.put("optedIn", policy.optedIn());
        root.put("requirePluggedIn", policy.requirePluggedIn());
        root.put("minStateOfChargePercent", policy.minStateOfChargePercent());
        root.put("chargeByDeparture", policy.chargeByDeparture());
        root.put("departureMarginMinutes", policy.departureMarginMinutes());
        root.put("maxPackTemperatureC", policy.maxPackTemperatureC());
        root.put("maxComputeTemperatureC", policy.maxComputeTemperatureC());
        root.put("thermalHysteresisC", policy.thermalHysteresisC());
        root.put("maxComputePowerWatts", policy.maxComputePowerWatts());
        root.put("dailyEnergyBudgetKwh", policy.dailyEnergyBudgetKwh());
        root.put("zone", policy.zone().getId());
        root.set("allowedWindows", JSON.valueToTree(policy.allowedWindows().stream().map(TimeWindow::toString).toList()));
        root.set("tariff", TariffJson.format(policy.tariff(), JSON));
        root.put("maxPricePerKwh", policy.maxPricePerKwh());
        root.put("solarSurplusOnly", policy.solarSurplusOnly());
        root.put("wifiOnlyTransfers", policy.wifiOnlyTransfers());
        root.put("monthlyCellularCapBytes", policy.monthlyCellularCapBytes());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a policy as JSON", e);
        }
    }

    private static OwnerPolicy build(OwnerPolicyBuilder builder) {
        try {
            return builder.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PolicyJsonException(e.getMessage(), e);
        }
    }

    private static Map<String, BiConsumer<OwnerPolicyBuilder, JsonNode>> fields() {
        Map<String, BiConsumer<OwnerPolicyBuilder, JsonNode>> f = new HashMap<>();
        f.put("optedIn", (b, n) -> b.optedIn(bool("optedIn", n)));
        f.put("requirePluggedIn", (b, n) -> b.requirePluggedIn(bool("requirePluggedIn", n)));
        f.put("minStateOfChargePercent", (b, n) -> b.minStateOfChargePercent(number("minStateOfChargePercent", n)));
        f.put("chargeByDeparture", (b, n) -> b.chargeByDeparture(bool("chargeByDeparture", n)));
        f.put("departureMarginMinutes", (b, n) -> b.departureMarginMinutes(integer("departureMarginMinutes", n)));
        f.put("maxPackTemperatureC", (b, n) -> b.maxPackTemperatureC(number("maxPackTemperatureC", n)));
        f.put("maxComputeTemperatureC", (b, n) -> b.maxComputeTemperatureC(number("maxComputeTemperatureC", n)));
        f.put("thermalHysteresisC", (b, n) -> b.thermalHysteresisC(number("thermalHysteresisC", n)));
        f.put("maxComputePowerWatts", (b, n) -> b.maxComputePowerWatts(number("maxComputePowerWatts", n)));
        f.put("dailyEnergyBudgetKwh", (b, n) -> b.dailyEnergyBudgetKwh(numberOrNull("dailyEnergyBudgetKwh", n)));
        f.put("zone", (b, n) -> b.zone(zone(text("zone", n))));
        f.put("allowedWindows", (b, n) -> b.allowedWindows(windows(n)));
        f.put("tariff", (b, n) -> b.tariff(TariffJson.parse("tariff", n)));
        f.put("maxPricePerKwh", (b, n) -> b.maxPricePerKwh(numberOrNull("maxPricePerKwh", n)));
        f.put("solarSurplusOnly", (b, n) -> b.solarSurplusOnly(bool("solarSurplusOnly", n)));
        f.put("wifiOnlyTransfers", (b, n) -> b.wifiOnlyTransfers(bool("wifiOnlyTransfers", n)));
        f.put("monthlyCellularCapBytes", (b, n) -> b.monthlyCellularCapBytes(longOrNull("monthlyCellularCapBytes", n)));
        return Map.copyOf(f);
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new PolicyJsonException("zone: not a known time zone such as \"Europe/Berlin\", was \"" + id + "\"");
        }
    }

    private static List<TimeWindow> windows(JsonNode node) {
        List<TimeWindow> windows = new ArrayList<>();
        List<JsonNode> items = array("allowedWindows", node);
        for (int i = 0; i < items.size(); i++) {
            windows.add(TariffJson.window("allowedWindows[" + i + "]", items.get(i)));
        }
        return windows;
    }
}
