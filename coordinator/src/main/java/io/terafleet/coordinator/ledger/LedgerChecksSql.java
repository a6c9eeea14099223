package io.terafleet.coordinator.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Invariants I3 and I6 over the stored ledger, each check one query. */
final class LedgerChecksSql {
    private static final String[][] CHECKS = {
        {"posting does not sum to zero",
            "SELECT p.idempotency_key FROM ledger_postings p JOIN ledger_entries e ON e.posting_id = p.id"
                    + " GROUP BY p.idempotency_key HAVING SUM(e.amount_micros) <> 0 OR COUNT(*) < 2"},
        {"posting has no entries",
            "SELECT p.idempotency_key FROM ledger_postings p WHERE NOT EXISTS"
                    + " (SELECT 1 FROM ledger_entries e WHERE e.posting_id = p.id)"},
        {"entry in another currency than its posting",
            "SELECT DISTINCT p.idempotency_key FROM ledger_postings p JOIN ledger_entries e ON e.posting_id = p.id"
                    + " WHERE e.currency <> p.currency"},
        {"owner credit names no verified result",
            "SELECT DISTINCT p.idempotency_key FROM ledger_postings p JOIN ledger_entries e ON e.posting_id = p.id"
                    + " WHERE p.kind = 'SETTLEMENT' AND e.account_type = 'OWNER' AND e.amount_micros > 0"
                    + " AND e.result_id IS NULL"},
        {"reversal of an unknown posting",
            "SELECT p.idempotency_key FROM ledger_postings p WHERE p.kind = 'REVERSAL' AND NOT EXISTS"
                    + " (SELECT 1 FROM ledger_postings o WHERE o.idempotency_key = p.reverses)"},
        {"energy paid above what the car's hardware could draw while the coordinator saw the lease open (I6)",
            "SELECT DISTINCT e.result_id FROM ledger_entries e JOIN leases l ON l.id = e.result_id"
                    + " WHERE e.entry_role = 'ENERGY' AND e.energy_mwh > 1 + 160 * (COALESCE(l.ended_at, l.granted_at)"
                    + " - l.granted_at) / 3600.0"},
        {"currency does not sum to zero",
            "SELECT currency FROM ledger_entries GROUP BY currency HAVING SUM(amount_micros) <> 0"},
    };

    private LedgerChecksSql() {
    }

    static List<String> violations(Connection c) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (String[] check : CHECKS) {
            try (PreparedStatement query = c.prepareStatement(check[1]); ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    problems.add(check[0] + ": " + rows.getString(1));
                }
            }
        }
        return problems;
    }
}
