package io.terafleet.core.ledger;

import java.time.LocalDate;
import java.util.List;

/**
 * An owner's statement: one line per day with activity (UTC days, oldest first) and one total per
 * currency. {@code unpaid} is the owner's balance now, per currency (earned and not yet paid out).
 */
public record OwnerStatement(String ownerId, LocalDate from, LocalDate to, List<StatementLine> days,
                             List<StatementLine> totals, List<Money> unpaid) {
    public OwnerStatement {
        days = List.copyOf(days);
        totals = List.copyOf(totals);
        unpaid = List.copyOf(unpaid);
    }
}
