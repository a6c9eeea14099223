package io.terafleet.core.ledger;

import java.util.Objects;

/**
 * One line of a posting: an amount on one account, with what it is for.
 *
 * @param amountMicros   signed, from the account's side (see {@link AccountType})
 * @param carId          the car whose work this is (owner entries), else null
 * @param resultId       the verified result an owner credit pays for, else null
 * @param units          work units this line pays or charges for (1 on a settlement's revenue share, -1 on its
 *                       reversal, else 0)
 * @param inputs         inputs this line pays or charges for (signed like units)
 * @param energyMilliWh  energy this line reimburses, in milliwatt-hours (signed like units)
 * @param promptTokens      prompt tokens of a generated answer this line pays or charges for (signed like units)
 * @param completionTokens  generated tokens this line pays or charges for (signed like units)
 */
public record Entry(Account account, EntryRole role, long amountMicros, String carId, String resultId, int units,
                    long inputs, long energyMilliWh, long promptTokens, long completionTokens) {

    /** A line that counts no tokens. */
    public Entry(Account account, EntryRole role, long amountMicros, String carId, String resultId, int units,
                 long inputs, long energyMilliWh) {
        this(account, role, amountMicros, carId, resultId, units, inputs, energyMilliWh, 0, 0);
    }

    public Entry {
        Objects.requireNonNull(account, "account: must not be null");
        Objects.requireNonNull(role, "role: must not be null");
        if (carId != null) {
            Account.requireId(carId, "carId");
        }
        if (resultId != null && (resultId.isBlank() || resultId.length() > 200)) {
            throw new IllegalArgumentException("resultId: 1 to 200 characters when set");
        }
        if (account.type() == AccountType.OWNER && carId == null) {
            throw new IllegalArgumentException("carId: an owner's entry names the car (credit is voided per car)");
        }
    }

    public static Entry of(Account account, EntryRole role, long amountMicros) {
        return new Entry(account, role, amountMicros, null, null, 0, 0, 0);
    }

    public static Entry forCar(Account owner, EntryRole role, long amountMicros, String carId) {
        return new Entry(owner, role, amountMicros, carId, null, 0, 0, 0);
    }

    /** The same line with amount and quantities negated: what a reversal posts. */
    public Entry negated() {
        return new Entry(account, role, Math.negateExact(amountMicros), carId, resultId, -units,
                Math.negateExact(inputs), Math.negateExact(energyMilliWh), Math.negateExact(promptTokens),
                Math.negateExact(completionTokens));
    }

    /** An owner credited for verified work: the line I3 requires to point at a verified result. */
    public boolean isOwnerCredit() {
        return account.type() == AccountType.OWNER && (role == EntryRole.REVENUE_SHARE || role == EntryRole.ENERGY)
                && amountMicros > 0;
    }
}
