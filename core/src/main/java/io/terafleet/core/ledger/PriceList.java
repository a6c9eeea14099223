package io.terafleet.core.ledger;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** What customers pay, per model, for 1,000 inputs delivered, in one currency. */
public record PriceList(String currency, Map<String, Long> microsPerThousandInputs) {
    public PriceList {
        Money.requireCurrency(currency);
        Objects.requireNonNull(microsPerThousandInputs, "microsPerThousandInputs: must not be null");
        microsPerThousandInputs.forEach((model, price) -> {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("microsPerThousandInputs: a model name is empty");
            }
            if (price == null || price < 0) {
                throw new IllegalArgumentException("microsPerThousandInputs." + model + ": must be ≥ 0, was " + price);
            }
        });
        microsPerThousandInputs = Map.copyOf(new TreeMap<>(microsPerThousandInputs));
    }

    public static PriceList of(String currency, String model, Money perThousand) {
        if (!perThousand.currency().equals(currency)) {
            throw new IllegalArgumentException("perThousand: in " + perThousand.currency() + ", the list is in " + currency);
        }
        return new PriceList(currency, Map.of(model, perThousand.micros()));
    }

    public PriceList with(String model, Money perThousand) {
        var prices = new TreeMap<>(microsPerThousandInputs);
        prices.put(model, of(currency, model, perThousand).microsPerThousandInputs().get(model));
        return new PriceList(currency, prices);
    }

    /**
     * The price of {@code inputs} inputs of {@code model}, rounded half up to the micro-unit; empty for
     * a model not on the list.
     */
    public Optional<Money> priceFor(String model, long inputs) {
        if (inputs < 0) {
            throw new IllegalArgumentException("inputs: must be ≥ 0, was " + inputs);
        }
        Long perThousand = microsPerThousandInputs.get(model);
        if (perThousand == null) {
            return Optional.empty();
        }
        long scaled = Math.multiplyExact(perThousand, inputs);
        return Optional.of(new Money(currency, Math.addExact(scaled, 500) / 1000));
    }
}
