package io.terafleet.coordinator.ledger;

import io.terafleet.core.ledger.Account;
import io.terafleet.core.ledger.AccountType;
import io.terafleet.core.ledger.Entry;
import io.terafleet.core.ledger.EntryRole;
import io.terafleet.core.ledger.Posting;
import io.terafleet.core.ledger.PostingKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Postings to rows and back. */
final class PostingRows {
    static final long MILLIS_PER_DAY = 86_400_000L;

    private PostingRows() {
    }

    static int dayOf(Instant at) {
        return Math.toIntExact(Math.floorDiv(at.toEpochMilli(), MILLIS_PER_DAY));
    }

    static void insert(Connection c, Posting posting) throws SQLException {
        insertAll(c, List.of(posting));
    }

    /**
     * Inserts postings whose keys are free: one batch for the postings, one query for their ids, one batch for all
     * their entries (on PostgreSQL each batch is one multi-row INSERT).
     */
    static void insertAll(Connection c, List<Posting> postings) throws SQLException {
        if (postings.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO ledger_postings (idempotency_key, kind,"
                + " currency, posted_at, posted_day, reference, model, reverses, api_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Posting posting : postings) {
                insert.setString(1, posting.idempotencyKey());
                insert.setString(2, posting.kind().name());
                insert.setString(3, posting.currency());
                insert.setLong(4, posting.postedAt().toEpochMilli());
                insert.setInt(5, dayOf(posting.postedAt()));
                insert.setString(6, posting.reference());
                insert.setString(7, posting.model());
                insert.setString(8, posting.reverses());
                setNullable(insert, 9, posting.apiKey());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        java.util.Map<String, Long> ids = idsOf(c, postings.stream().map(Posting::idempotencyKey).toList());
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO ledger_entries (posting_id, line, account_type,"
                + " account_id, entry_role, amount_micros, currency, car_id, result_id, units, inputs, energy_mwh,"
                + " posted_day, prompt_tokens, completion_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Posting posting : postings) {
                addEntries(insert, ids.get(posting.idempotencyKey()), posting);
            }
            insert.executeBatch();
        }
    }

    private static void addEntries(PreparedStatement insert, long id, Posting posting) throws SQLException {
        int day = dayOf(posting.postedAt());
        int line = 0;
        for (Entry entry : posting.entries()) {
            insert.setLong(1, id);
            insert.setInt(2, line++);
            insert.setString(3, entry.account().type().name());
            insert.setString(4, entry.account().id());
            insert.setString(5, entry.role().name());
            insert.setLong(6, entry.amountMicros());
            insert.setString(7, posting.currency());
            setNullable(insert, 8, entry.carId());
            setNullable(insert, 9, entry.resultId());
            insert.setInt(10, entry.units());
            insert.setLong(11, entry.inputs());
            insert.setLong(12, entry.energyMilliWh());
            insert.setInt(13, day);
            insert.setLong(14, entry.promptTokens());
            insert.setLong(15, entry.completionTokens());
            insert.addBatch();
        }
    }

    /** Which of {@code keys} are taken: one statement. */
    static java.util.Set<String> existingKeys(Connection c, List<String> keys) throws SQLException {
        return idsOf(c, keys).keySet();
    }

    private static java.util.Map<String, Long> idsOf(Connection c, List<String> keys) throws SQLException {
        java.util.Map<String, Long> ids = new java.util.HashMap<>();
        try (PreparedStatement query = c.prepareStatement("SELECT idempotency_key, id FROM ledger_postings WHERE"
                + " idempotency_key IN (" + io.terafleet.coordinator.db.Sql.placeholders(keys.size()) + ")")) {
            io.terafleet.coordinator.db.Sql.bindAll(query, 1, keys);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return ids;
    }

    static Optional<Posting> find(Connection c, String key) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT id, kind, currency, posted_at, reference, model,"
                + " reverses, api_key FROM ledger_postings WHERE idempotency_key = ?")) {
            query.setString(1, key);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                List<Entry> entries = entries(c, row.getLong(1));
                return Optional.of(new Posting(key, PostingKind.valueOf(row.getString(2)), row.getString(3),
                        Instant.ofEpochMilli(row.getLong(4)), row.getString(5), row.getString(6), row.getString(7),
                        entries, row.getString(8)));
            }
        }
    }

    private static List<Entry> entries(Connection c, long postingId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT account_type, account_id, entry_role, amount_micros,"
                + " car_id, result_id, units, inputs, energy_mwh, prompt_tokens, completion_tokens FROM ledger_entries WHERE posting_id = ? ORDER BY line")) {
            query.setLong(1, postingId);
            try (ResultSet rows = query.executeQuery()) {
                List<Entry> entries = new ArrayList<>();
                while (rows.next()) {
                    entries.add(new Entry(new Account(AccountType.valueOf(rows.getString(1)), rows.getString(2)),
                            EntryRole.valueOf(rows.getString(3)), rows.getLong(4), rows.getString(5), rows.getString(6),
                            rows.getInt(7), rows.getLong(8), rows.getLong(9), rows.getLong(10), rows.getLong(11)));
                }
                return entries;
            }
        }
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
