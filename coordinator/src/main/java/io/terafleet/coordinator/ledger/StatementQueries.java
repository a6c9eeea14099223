package io.terafleet.coordinator.ledger;

import io.terafleet.core.ledger.CustomerUsage;
import io.terafleet.core.ledger.Money;
import io.terafleet.core.ledger.OwnerStatement;
import io.terafleet.core.ledger.StatementLine;
import io.terafleet.core.ledger.UsageLine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Statements and usage (a customer's by day, model and the API key that submitted the work), added up from entries
 * by role: reversals and voids subtract by their sign. Token counts
 * come from the customer's charge and the owners' revenue-share lines of generated answers.
 */
final class StatementQueries {
    private static final String OWNER_DAYS = "SELECT posted_day, currency,"
            + " SUM(CASE WHEN entry_role = 'REVENUE_SHARE' THEN units ELSE 0 END),"
            + " SUM(CASE WHEN entry_role = 'REVENUE_SHARE' THEN inputs ELSE 0 END),"
            + " SUM(CASE WHEN entry_role = 'ENERGY' THEN energy_mwh ELSE 0 END),"
            + " SUM(CASE WHEN entry_role = 'ENERGY' THEN amount_micros ELSE 0 END),"
            + " SUM(CASE WHEN entry_role = 'REVENUE_SHARE' THEN amount_micros ELSE 0 END),"
            + " SUM(CASE WHEN entry_role = 'VOID' THEN amount_micros ELSE 0 END),"
            + " SUM(CASE WHEN entry_role = 'REVENUE_SHARE' THEN prompt_tokens ELSE 0 END),"
            + " SUM(CASE WHEN entry_role = 'REVENUE_SHARE' THEN completion_tokens ELSE 0 END)"
            + " FROM ledger_entries WHERE account_type = 'OWNER' AND account_id = ? AND posted_day BETWEEN ? AND ?"
            + " AND entry_role IN ('REVENUE_SHARE', 'ENERGY', 'VOID')"
            + " GROUP BY posted_day, currency ORDER BY posted_day, currency";
    private static final String OWNER_UNPAID = "SELECT currency, SUM(amount_micros) FROM ledger_entries"
            + " WHERE account_type = 'OWNER' AND account_id = ? GROUP BY currency ORDER BY currency";
    private static final String CUSTOMER_DAYS = "SELECT e.posted_day, p.model, e.currency, SUM(e.inputs),"
            + " SUM(e.amount_micros), SUM(e.prompt_tokens), SUM(e.completion_tokens), p.api_key"
            + " FROM ledger_entries e JOIN ledger_postings p ON p.id = e.posting_id"
            + " WHERE e.account_type = 'CUSTOMER' AND e.account_id = ? AND e.entry_role = 'CHARGE'"
            + " AND e.posted_day BETWEEN ? AND ? GROUP BY e.posted_day, p.model, e.currency, p.api_key"
            + " ORDER BY e.posted_day, p.model, e.currency, COALESCE(p.api_key, '')";

    private StatementQueries() {
    }

    static OwnerStatement ownerStatement(Connection c, String ownerId, LocalDate from, LocalDate to)
            throws SQLException {
        List<StatementLine> days = new ArrayList<>();
        try (PreparedStatement query = rangeQuery(c, OWNER_DAYS, ownerId, from, to);
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                days.add(StatementLine.of(LocalDate.ofEpochDay(rows.getInt(1)), rows.getString(2), rows.getLong(3),
                        rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getLong(8),
                        rows.getLong(9), rows.getLong(10)));
            }
        }
        return new OwnerStatement(ownerId, from, to, days, totals(days), unpaid(c, ownerId));
    }

    static CustomerUsage customerUsage(Connection c, String customerId, LocalDate from, LocalDate to)
            throws SQLException {
        List<UsageLine> lines = new ArrayList<>();
        Map<String, Long> totals = new TreeMap<>();
        try (PreparedStatement query = rangeQuery(c, CUSTOMER_DAYS, customerId, from, to);
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                // Charges are negative on the customer's account (inputs too); usage reports them positive.
                var line = new UsageLine(LocalDate.ofEpochDay(rows.getInt(1)), rows.getString(2), rows.getString(3),
                        -rows.getLong(4), -rows.getLong(5), -rows.getLong(6), -rows.getLong(7), rows.getString(8));
                lines.add(line);
                totals.merge(line.currency(), line.amountMicros(), Math::addExact);
            }
        }
        List<Money> sums = totals.entrySet().stream().map(t -> new Money(t.getKey(), t.getValue())).toList();
        return new CustomerUsage(customerId, from, to, lines, sums);
    }

    private static List<StatementLine> totals(List<StatementLine> days) {
        Map<String, List<StatementLine>> byCurrency = new TreeMap<>();
        days.forEach(day -> byCurrency.computeIfAbsent(day.currency(), k -> new ArrayList<>()).add(day));
        List<StatementLine> totals = new ArrayList<>();
        byCurrency.forEach((currency, lines) -> {
            long units = 0;
            long inputs = 0;
            long milliWh = 0;
            long energy = 0;
            long share = 0;
            long adjustments = 0;
            long promptTokens = 0;
            long completionTokens = 0;
            for (StatementLine line : lines) {
                units += line.units();
                inputs += line.verifiedInputs();
                milliWh += Math.round(line.energyKwh() * 1e6);
                energy = Math.addExact(energy, line.energyCostMicros());
                share = Math.addExact(share, line.revenueShareMicros());
                adjustments = Math.addExact(adjustments, line.adjustmentsMicros());
                promptTokens += line.promptTokens();
                completionTokens += line.completionTokens();
            }
            totals.add(StatementLine.of(null, currency, units, inputs, milliWh, energy, share, adjustments,
                    promptTokens, completionTokens));
        });
        return totals;
    }

    private static List<Money> unpaid(Connection c, String ownerId) throws SQLException {
        List<Money> unpaid = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(OWNER_UNPAID)) {
            query.setString(1, ownerId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    unpaid.add(new Money(rows.getString(1), rows.getLong(2)));
                }
            }
        }
        return unpaid;
    }

    private static PreparedStatement rangeQuery(Connection c, String sql, String id, LocalDate from, LocalDate to)
            throws SQLException {
        PreparedStatement query = c.prepareStatement(sql);
        query.setString(1, id);
        query.setInt(2, Math.toIntExact(from.toEpochDay()));
        query.setInt(3, Math.toIntExact(to.toEpochDay()));
        return query;
    }
}
