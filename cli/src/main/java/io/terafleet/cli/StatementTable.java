package io.terafleet.cli;

import io.terafleet.core.ledger.Money;
import io.terafleet.core.ledger.OwnerStatement;
import io.terafleet.core.ledger.StatementLine;
import java.util.Locale;
import java.util.stream.Collectors;

/** An owner's statement as a plain-text table: one line per day, a total per currency, the unpaid balance. */
final class StatementTable {
    private static final String ROW = "%-10s %-3s %7s %9s %10s %10s %11s %12s %12s %12s %12s %12s%n";

    private StatementTable() {
    }

    static String render(OwnerStatement statement) {
        StringBuilder text = new StringBuilder();
        text.append("Statement for ").append(statement.ownerId()).append(", ").append(statement.from()).append(" to ")
                .append(statement.to()).append(" (UTC days)\n");
        if (statement.days().isEmpty()) {
            text.append("no verified work in this period\n");
        } else {
            text.append(String.format(Locale.ROOT, ROW, "date", "cur", "units", "inputs", "prompt tok",
                    "compl tok", "energy kWh", "energy cost",
                    "share", "adjustments", "gross", "net"));
            statement.days().forEach(day -> text.append(row(day.date().toString(), day)));
            statement.totals().forEach(total -> text.append(row("total", total)));
        }
        String unpaid = statement.unpaid().stream().map(Money::toString).collect(Collectors.joining(", "));
        text.append("unpaid balance: ").append(unpaid.isEmpty() ? "0" : unpaid).append('\n');
        text.append("net = gross - energy cost: what the work earned once the electricity is paid for\n");
        return text.toString();
    }

    private static String row(String label, StatementLine line) {
        return String.format(Locale.ROOT, ROW, label, line.currency(), line.units(), line.verifiedInputs(),
                line.promptTokens(), line.completionTokens(),
                String.format(Locale.ROOT, "%.4f", line.energyKwh()), Money.format(line.energyCostMicros()),
                Money.format(line.revenueShareMicros()), Money.format(line.adjustmentsMicros()),
                Money.format(line.grossMicros()), Money.format(line.netMicros()));
    }
}
