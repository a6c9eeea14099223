package io.terafleet.core.ledger;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What customers pay, in one currency: per model, for 1,000 inputs delivered (embeddings and other batch work),
 * and, for generative models, per 1,000 prompt tokens and per 1,000 completion tokens of a delivered answer.
 */
public record PriceList(String currency, Map<String, Long> microsPerThousandInputs, Map<String, TokenPrice> tokens) {

    /** A generative model's price, in micro-units per 1,000 prompt (input) and completion (output) tokens. */
    public record TokenPrice(long microsPerThousandPrompt, long microsPerThousandCompletion) {
        public TokenPrice {
            if (microsPerThousandPrompt < 0 || microsPerThousandCompletion < 0) {
                throw new IllegalArgumentException("tokens: prices must be ≥ 0, were " + microsPerThousandPrompt
                        + " and " + microsPerThousandCompletion);
            }
        }
    }

    /** A list without token prices. */
    public PriceList(String currency, Map<String, Long> microsPerThousandInputs) {
        this(currency, microsPerThousandInputs, Map.of());
    }

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
        Objects.requireNonNull(tokens, "tokens: must not be null");
        tokens.forEach((model, price) -> {
            if (model == null || model.isBlank() || price == null) {
                throw new IllegalArgumentException("tokens: a model name or its price is empty");
            }
        });
        tokens = Map.copyOf(tokens);
    }

    /** This list with {@code model} priced per 1,000 prompt and per 1,000 completion tokens. */
    public PriceList withTokens(String model, Money perThousandPrompt, Money perThousandCompletion) {
        for (Money money : new Money[] {perThousandPrompt, perThousandCompletion}) {
            if (!money.currency().equals(currency)) {
                throw new IllegalArgumentException("tokens." + model + ": in " + money.currency() + ", the list is in "
                        + currency);
            }
        }
        var prices = new TreeMap<>(tokens);
        prices.put(model, new TokenPrice(perThousandPrompt.micros(), perThousandCompletion.micros()));
        return new PriceList(currency, microsPerThousandInputs, prices);
    }

    /**
     * The price of an answer of {@code model} with these token counts, rounded half up to the micro-unit once
     * (not per kind of token); empty for a model without token prices.
     */
    public Optional<Money> priceForTokens(String model, long promptTokens, long completionTokens) {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("tokens: counts must be ≥ 0, were " + promptTokens + " and "
                    + completionTokens);
        }
        TokenPrice price = tokens.get(model);
        if (price == null) {
            return Optional.empty();
        }
        long scaled = Math.addExact(Math.multiplyExact(price.microsPerThousandPrompt(), promptTokens),
                Math.multiplyExact(price.microsPerThousandCompletion(), completionTokens));
        return Optional.of(new Money(currency, Math.addExact(scaled, 500) / 1000));
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
        return new PriceList(currency, prices, tokens);
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
