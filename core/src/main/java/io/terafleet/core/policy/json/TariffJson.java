package io.terafleet.core.policy.json;

import static io.terafleet.core.policy.json.JsonFields.array;
import static io.terafleet.core.policy.json.JsonFields.number;
import static io.terafleet.core.policy.json.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.terafleet.core.policy.Tariff;
import io.terafleet.core.policy.TariffBand;
import io.terafleet.core.policy.TimeWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The tariff part of a policy file:
 * {@code {"basePricePerKwh": 0.32, "bands": [{"window": "23:00-05:00", "pricePerKwh": 0.12}]}}.
 */
final class TariffJson {
    private TariffJson() {
    }

    static Tariff parse(String field, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        JsonFields.object(field, node, Set.of("basePricePerKwh", "bands"));
        JsonNode base = node.get("basePricePerKwh");
        if (base == null) {
            throw new PolicyJsonException(field + ".basePricePerKwh: is required");
        }
        double basePrice = number(field + ".basePricePerKwh", base);
        List<TariffBand> bands = node.has("bands") ? bands(field + ".bands", node.get("bands")) : List.of();
        try {
            return new Tariff(basePrice, bands);
        } catch (IllegalArgumentException e) {
            throw new PolicyJsonException(field + "." + e.getMessage(), e);
        }
    }

    static TimeWindow window(String field, JsonNode node) {
        try {
            return TimeWindow.parse(text(field, node));
        } catch (PolicyJsonException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new PolicyJsonException(field + ": " + e.getMessage(), e);
        }
    }

    static JsonNode format(Tariff tariff, ObjectMapper json) {
        if (tariff == null) {
            return json.nullNode();
        }
        ObjectNode node = json.createObjectNode();
        node.put("basePricePerKwh", tariff.basePricePerKwh());
        ArrayNode bands = node.putArray("bands");
        for (TariffBand band : tariff.bands()) {
            bands.addObject().put("window", band.window().toString()).put("pricePerKwh", band.pricePerKwh());
        }
        return node;
    }

    private static List<TariffBand> bands(String field, JsonNode node) {
        List<TariffBand> bands = new ArrayList<>();
        List<JsonNode> items = array(field, node);
        for (int i = 0; i < items.size(); i++) {
            bands.add(band(field + "[" + i + "]", items.get(i)));
        }
        return bands;
    }

    private static TariffBand band(String field, JsonNode node) {
        JsonFields.object(field, node, Set.of("window", "pricePerKwh"));
        if (!node.has("window") || !node.has("pricePerKwh")) {
            throw new PolicyJsonException(field + ": needs \"window\" and \"pricePerKwh\"");
        }
        TimeWindow window = window(field + ".window", node.get("window"));
        double price = number(field + ".pricePerKwh", node.get("pricePerKwh"));
        try {
            return new TariffBand(window, price);
        } catch (IllegalArgumentException e) {
            throw new PolicyJsonException(field + "." + e.getMessage(), e);
        }
    }
}
