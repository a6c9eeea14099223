package io.terafleet.core.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An immutable double-entry transaction: two or more entries in one currency that sum to zero, stored
 * at most once per {@code idempotencyKey} (a retried posting is recognised, not doubled).
 *
 * @param reference what it is about: a unit id for a settlement, a car id for a void, the key of the
 *                  original for a reversal, a payment's reference
 * @param model     the model a settlement was for (usage is reported per model), else null
 * @param reverses  the idempotency key of the posting a reversal undoes, else null
 * @param apiKey    the prefix of the customer's API key that submitted the work charged (usage by key), else null
 */
public record Posting(String idempotencyKey, PostingKind kind, String currency, Instant postedAt, String reference,
                      String model, String reverses, List<Entry> entries, String apiKey) {
    public static final int MAX_KEY_LENGTH = 200;
    /** The longest API key prefix kept with a charge. */
    public static final int MAX_API_KEY_LENGTH = 16;

    /** A posting that names no API key. */
    public Posting(String idempotencyKey, PostingKind kind, String currency, Instant postedAt, String reference,
                   String model, String reverses, List<Entry> entries) {
        this(idempotencyKey, kind, currency, postedAt, reference, model, reverses, entries, null);
    }

    public Posting {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("idempotencyKey: 1 to " + MAX_KEY_LENGTH + " characters, was "
                    + idempotencyKey);
        }
        Objects.requireNonNull(kind, "kind: must not be null");
        Money.requireCurrency(currency);
        Objects.requireNonNull(postedAt, "postedAt: must not be null");
        requireText(reference, "reference", 200);
        if (model != null) {
            requireText(model, "model", 200);
        }
        if (apiKey != null) {
            requireText(apiKey, "apiKey", MAX_API_KEY_LENGTH);
        }
        if ((kind == PostingKind.REVERSAL) != (reverses != null)) {
            throw new IllegalArgumentException("reverses: set on a reversal and only there (kind " + kind + ")");
        }
        entries = List.copyOf(Objects.requireNonNull(entries, "entries: must not be null"));
        if (entries.size() < 2) {
            throw new IllegalArgumentException("entries: a posting needs 2 or more, had " + entries.size());
        }
        long sum = 0;
        for (Entry entry : entries) {
            sum = Math.addExact(sum, entry.amountMicros());
        }
        if (sum != 0) {
            throw new IllegalArgumentException("entries: must sum to zero, sum to " + Money.format(sum) + " " + currency
                    + " (posting " + idempotencyKey + ")");
        }
    }

    /** This posting, naming the API key that submitted the work it charges for (null: none). */
    public Posting withApiKey(String key) {
        return new Posting(idempotencyKey, kind, currency, postedAt, reference, model, reverses, entries, key);
    }

    /**
     * Same content as {@code other}: everything but the time it was posted and the API key it names, so that a
     * retry made a moment later is recognised as the same posting. The key only attributes the charge to one of
     * the customer's keys; it moves no money, and a charge stored before keys were recorded names none.
     */
    public boolean sameContentAs(Posting other) {
        return idempotencyKey.equals(other.idempotencyKey) && kind == other.kind && currency.equals(other.currency)
                && reference.equals(other.reference) && Objects.equals(model, other.model)
                && Objects.equals(reverses, other.reverses) && entries.equals(other.entries);
    }

    /** The first difference from {@code other}, for an error message; empty when the content is the same. */
    public String differenceFrom(Posting other) {
        if (kind != other.kind || !currency.equals(other.currency)) {
            return "kind/currency " + other.kind + "/" + other.currency + " vs " + kind + "/" + currency;
        }
        if (entries.size() != other.entries.size()) {
            return other.entries.size() + " entries vs " + entries.size();
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry a = other.entries.get(i);
            Entry b = entries.get(i);
            if (a.amountMicros() != b.amountMicros()) {
                return "entry " + i + " (" + b.account() + ") amount " + Money.format(a.amountMicros()) + " vs "
                        + Money.format(b.amountMicros());
            }
            if (!a.equals(b)) {
                return "entry " + i + ": " + a + " vs " + b;
            }
        }
        return sameContentAs(other) ? "" : "reference/model/reverses differ";
    }

    /** Sum of this posting's entries on {@code account}. */
    public long amountOn(Account account) {
        return entries.stream().filter(e -> e.account().equals(account)).mapToLong(Entry::amountMicros).sum();
    }

    private static void requireText(String value, String field, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw new IllegalArgumentException(field + ": 1 to " + max + " characters, was " + value);
        }
    }
}
