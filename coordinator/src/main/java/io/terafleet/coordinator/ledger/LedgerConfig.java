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

    /** EUR; the built-in model at 0.02 per 1,000 inputs; 70% to owners; statements up to a year and a day. */
    public static LedgerConfig defaults() {
        return new LedgerConfig(PriceList.of("EUR", ModelCatalog.DEFAULT_MODEL, Money.parse("EUR", "0.02")),
                SettlementTerms.defaults(), 366);
    }

    public String currency() {
        return prices.currency();
    }
}
