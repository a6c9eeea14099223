package io.terafleet.core.ledger;

import java.time.LocalDate;
import java.util.List;

/** A customer's usage per day and model, with the total charged per currency. */
public record CustomerUsage(String customerId, LocalDate from, LocalDate to, List<UsageLine> lines,
                            List<Money> totals) {
    public CustomerUsage {
        lines = List.copyOf(lines);
        totals = List.copyOf(totals);
    }
}
