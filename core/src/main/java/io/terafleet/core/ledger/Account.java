package io.terafleet.core.ledger;

import java.util.Objects;
import java.util.regex.Pattern;

/** A ledger account: a customer's, an owner's, or one of the platform's own. */
public record Account(AccountType type, String id) {
    /** The id of the platform's own accounts. */
    public static final String PLATFORM = "platform";
    /** Ids travel in URLs and statements: letters, digits and {@code . _ - : @}, at most 64. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

    public Account {
        Objects.requireNonNull(type, "type: must not be null");
        requireId(id, "id");
        if (!type.perParty() && !PLATFORM.equals(id)) {
            throw new IllegalArgumentException("id: the " + type + " account's id is \"" + PLATFORM + "\", was " + id);
        }
    }

    public static Account customer(String customerId) {
        return new Account(AccountType.CUSTOMER, customerId);
    }

    public static Account owner(String ownerId) {
        return new Account(AccountType.OWNER, ownerId);
    }

    public static Account platformFees() {
        return new Account(AccountType.PLATFORM_FEES, PLATFORM);
    }

    public static Account energyReimbursement() {
        return new Account(AccountType.ENERGY_REIMBURSEMENT, PLATFORM);
    }

    public static Account clearing() {
        return new Account(AccountType.CLEARING, PLATFORM);
    }

    public static Account suspense() {
        return new Account(AccountType.SUSPENSE, PLATFORM);
    }

    /** Throws unless {@code id} is a valid customer, owner or car id; the message names {@code field}. */
    public static String requireId(String id, String field) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(field + ": 1 to 64 letters, digits or . _ - : @, was "
                    + (id == null ? "null" : "\"" + id + "\""));
        }
        return id;
    }

    @Override
    public String toString() {
        return type.name().toLowerCase() + ":" + id;
    }
}
