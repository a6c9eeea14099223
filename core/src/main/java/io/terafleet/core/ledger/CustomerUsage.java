package io.terafleet.core.ledger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A customer's usage per day, model and API key, with the total charged per currency and per key and currency.
 */
public record CustomerUsage(String customerId, LocalDate from, LocalDate to, List<UsageLine> lines,
                            List<Money> totals, List<KeyTotal> byKey) {
    /** What one API key (its prefix; null: none) cost over the range, in one currency. */
    public record KeyTotal(String apiKey, String currency, long inputs, long amountMicros, long promptTokens,
                           long completionTokens) {
    }

    public CustomerUsage {
        lines = List.copyOf(lines);
        totals = List.copyOf(totals);
        byKey = List.copyOf(byKey);
    }

    /** The usage of {@code lines}, with each key's totals added up from them. */
    public CustomerUsage(String customerId, LocalDate from, LocalDate to, List<UsageLine> lines, List<Money> totals) {
        this(customerId, from, to, lines, totals, keyTotals(lines));
    }

    private static List<KeyTotal> keyTotals(List<UsageLine> lines) {
        Map<List<String>, KeyTotal> sums = new LinkedHashMap<>();
        for (UsageLine line : lines) {
            // a List key: the API key may be null
            sums.merge(java.util.Arrays.asList(line.apiKey(), line.currency()),
                    new KeyTotal(line.apiKey(), line.currency(), line.inputs(), line.amountMicros(),
                            line.promptTokens(), line.completionTokens()),
                    (a, b) -> new KeyTotal(a.apiKey(), a.currency(), a.inputs() + b.inputs(),
                            Math.addExact(a.amountMicros(), b.amountMicros()), a.promptTokens() + b.promptTokens(),
                            a.completionTokens() + b.completionTokens()));
        }
        List<KeyTotal> totals = new ArrayList<>(sums.values());
        totals.sort(Comparator.comparing(KeyTotal::apiKey, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(KeyTotal::currency));
        return totals;
    }

    /** Everything charged through one key (null: without one), in one currency, in micro-units. */
    public long amountMicros(String apiKey, String currency) {
        return byKey.stream().filter(t -> Objects.equals(t.apiKey(), apiKey) && t.currency().equals(currency))
                .mapToLong(KeyTotal::amountMicros).sum();
    }
}
