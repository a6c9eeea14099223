package io.terafleet.coordinator.ledger;

import io.terafleet.core.ledger.Money;
import io.terafleet.core.ledger.PriceList;
import io.terafleet.core.ledger.SettlementTerms;
import io.terafleet.core.model.ModelCatalog;
import java.util.Objects;

/**
 * What the coordinator charges and pays: one currency, the price list, the split.
 *
 * @param maxStatementDays the longest range a statement or usage report may cover
 */
public record LedgerConfig(PriceList prices, SettlementTerms terms, int maxStatementDays) {
    public LedgerConfig {
        Objects.requireNonNull(prices, "prices: must be set");
        Objects.requireNonNull(terms, "terms: must be set");
        if (maxStatementDays < 1 || maxStatementDays > 3_660) {
            throw new IllegalArgumentException("maxStatementDays: must be within 1..3660, was " + maxStatementDays);
        }
    }

    /** The built-in generative model, priced per 1,000 tokens by {@link #defaults()}. */
    public static final String DEFAULT_GENERATIVE_MODEL = "kjv-gpt";

    /**
     * EUR; the built-in embedding model at 0.02 per 1,000 inputs; the built-in generative model at 0.01 per 1,000
     * prompt tokens and 0.03 per 1,000 completion tokens; 70% to owners; statements up to a year and a day.
     */
    public static LedgerConfig defaults() {
        return new LedgerConfig(PriceList.of("EUR", ModelCatalog.DEFAULT_MODEL, Money.parse("EUR", "0.02"))
                .withTokens(DEFAULT_GENERATIVE_MODEL, Money.parse("EUR", "0.01"), Money.parse("EUR", "0.03")),
                SettlementTerms.defaults(), 366);
    }

    public String currency() {
        return prices.currency();
    }
}
