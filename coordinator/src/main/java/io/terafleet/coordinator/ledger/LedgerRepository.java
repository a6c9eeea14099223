package io.terafleet.coordinator.ledger;

import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.db.StoreException;
import io.terafleet.core.ledger.Account;
import io.terafleet.core.ledger.CustomerUsage;
import io.terafleet.core.ledger.Money;
import io.terafleet.core.ledger.OwnerStatement;
import io.terafleet.core.ledger.PostOutcome;
import io.terafleet.core.ledger.Posting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's store: postings kept once per idempotency key, append-only, with balances, statements
 * and the checks of invariant I3. Safe for several coordinators on one database: the key's UNIQUE
 * constraint decides which of two concurrent posts of one key is stored, and the other is compared to it.
 */
public final class LedgerRepository {
    /** SQLState of a UNIQUE violation, in H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Database database;

    public LedgerRepository(Database database) {
        this.database = database;
    }

    /**
     * Stores {@code posting} unless its key is taken. A retry with the same content is
     * {@link PostOutcome.AlreadyStored} (the stored posting comes back); a different posting under the
     * same key is {@link PostOutcome.KeyConflict} naming the key. Neither changes anything.
     */
    public PostOutcome post(Posting posting) {
        try {
            return database.inTransaction(c -> insertOrCompare(c, posting));
        } catch (StoreException e) {
            if (UNIQUE_VIOLATION.equals(e.sqlState())) {
                // Another coordinator stored this key between our look and our insert.
                return database.inTransaction(c -> compare(PostingRows.find(c, posting.idempotencyKey()).orElseThrow(),
                        posting));
            }
            throw e;
        }
    }

    public Optional<Posting> find(String idempotencyKey) {
        return database.inTransaction(c -> PostingRows.find(c, idempotencyKey));
    }

    public Money balance(Account account, String currency) {
        return new Money(currency, sum("SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries"
                + " WHERE account_type = ? AND account_id = ? AND currency = ?",
                account.type().name(), account.id(), currency));
    }

    /** What the car's owner has earned with this car and not been paid (nor had voided): the car's sub-balance. */
    public Money unpaidCredit(String carId, String currency) {
        return new Money(currency, sum("SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries"
                + " WHERE account_type = 'OWNER' AND car_id = ? AND currency = ?", carId, currency));
    }

    /** Zero, always: every posting sums to zero. An invariant check, not a bookkeeping figure. */
    public long sumOfAllEntries() {
        return sum("SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries");
    }

    /** Owners' money per currency: credit earned and not paid yet, paid out so far, and what sits in suspense. */
    public record OwnerMoney(String currency, long unpaidMicros, long paidOutMicros, long suspenseMicros) {
    }

    /** Reads every owner and suspense entry: for the operator's on-demand health check, never polled. */
    public List<OwnerMoney> ownerMoney() {
        return database.inTransaction(c -> {
            try (var query = c.prepareStatement("SELECT e.currency,"
                    + " SUM(CASE WHEN e.account_type = 'OWNER' THEN e.amount_micros ELSE 0 END),"
                    + " SUM(CASE WHEN e.account_type = 'OWNER' AND p.kind = 'OWNER_PAYOUT' THEN -e.amount_micros ELSE 0 END),"
                    + " SUM(CASE WHEN e.account_type = 'SUSPENSE' THEN e.amount_micros ELSE 0 END)"
                    + " FROM ledger_entries e JOIN ledger_postings p ON p.id = e.posting_id"
                    + " WHERE e.account_type IN ('OWNER', 'SUSPENSE') GROUP BY e.currency ORDER BY e.currency");
                 var rows = query.executeQuery()) {
                List<OwnerMoney> money = new java.util.ArrayList<>();
                while (rows.next()) {
                    money.add(new OwnerMoney(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)));
                }
                return money;
            }
        });
    }

    /** Invariant I3 in SQL: each problem found, empty when the ledger is sound. */
    public List<String> invariantViolations() {
        return database.inTransaction(LedgerChecksSql::violations);
    }

    /** An owner's earnings per UTC day in [from, to], totals per currency, and the unpaid balance now. */
    public OwnerStatement statement(String ownerId, LocalDate from, LocalDate to) {
        return database.inTransaction(c -> StatementQueries.ownerStatement(c, ownerId, from, to));
    }

    /** A customer's charges per UTC day and model in [from, to] (reversals subtracted). */
    public CustomerUsage usage(String customerId, LocalDate from, LocalDate to) {
        return database.inTransaction(c -> StatementQueries.customerUsage(c, customerId, from, to));
    }

    /**
     * Posts inside the caller's transaction, so that a posting commits with the work it pays for (a completion
     * and its settlement) or not at all. Once per key, as {@link #post}.
     */
    public static PostOutcome postWithin(Connection c, Posting posting) throws SQLException {
        return insertOrCompare(c, posting);
    }

    /**
     * {@link #postWithin} for several postings: the keys already taken are looked up in one statement (and each of
     * those compared as {@link #post} does); the rest are inserted with one batch for the postings and one for all
     * their entries.
     */
    public static List<PostOutcome> postAllWithin(Connection c, List<Posting> postings) throws SQLException {
        if (postings.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> taken = PostingRows.existingKeys(c, postings.stream().map(Posting::idempotencyKey).toList());
        List<Posting> fresh = new java.util.ArrayList<>();
        PostOutcome[] outcomes = new PostOutcome[postings.size()];
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (int i = 0; i < postings.size(); i++) {
            Posting posting = postings.get(i);
            if (!taken.contains(posting.idempotencyKey()) && keys.add(posting.idempotencyKey())) {
                fresh.add(posting);
                outcomes[i] = new PostOutcome.Stored(posting);
            }
        }
        PostingRows.insertAll(c, fresh);
        for (int i = 0; i < postings.size(); i++) {
            if (outcomes[i] == null) { // a key stored before, or twice in this call: compared, never stored again
                outcomes[i] = insertOrCompare(c, postings.get(i));
            }
        }
        return List.of(outcomes);
    }

    private static PostOutcome insertOrCompare(Connection c, Posting posting) throws SQLException {
        Optional<Posting> stored = PostingRows.find(c, posting.idempotencyKey());
        if (stored.isPresent()) {
            return compare(stored.get(), posting);
        }
        PostingRows.insert(c, posting);
        return new PostOutcome.Stored(posting);
    }

    private static PostOutcome compare(Posting stored, Posting posting) {
        return stored.sameContentAs(posting) ? new PostOutcome.AlreadyStored(stored)
                : new PostOutcome.KeyConflict(posting.idempotencyKey(), posting.differenceFrom(stored));
    }

    private long sum(String sql, String... parameters) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    query.setString(i + 1, parameters[i]);
                }
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }
}
