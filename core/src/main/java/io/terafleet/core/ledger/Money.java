package io.terafleet.core.ledger;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * An amount of money: a whole number of micro-units (10⁻⁶) of a currency. Never a double: sums of
 * millions of sub-cent amounts must come out exact, and a ledger that is off by one micro-unit does not
 * balance. Arithmetic throws {@link ArithmeticException} on overflow rather than wrap.
 */
public record Money(String currency, long micros) implements Comparable<Money> {
    public static final long MICROS_PER_UNIT = 1_000_000L;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public Money {
        requireCurrency(currency);
    }

    public static Money zero(String currency) {
        return new Money(currency, 0);
    }

    public static Money ofMicros(String currency, long micros) {
        return new Money(currency, micros);
    }

    /** From a decimal amount such as "0.0125"; more than six decimals is an error, not a rounding. */
    public static Money parse(String currency, String amount) {
        try {
            return new Money(currency, new BigDecimal(amount).movePointRight(6).longValueExact());
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("amount: not a decimal with at most 6 places: " + amount, e);
        }
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(currency, Math.addExact(micros, other.micros));
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(currency, Math.subtractExact(micros, other.micros));
    }

    public Money negate() {
        return new Money(currency, Math.negateExact(micros));
    }

    public boolean isPositive() {
        return micros > 0;
    }

    public boolean isZero() {
        return micros == 0;
    }

    /** "12.345678" (always six decimals, so that columns line up). */
    public String toDecimalString() {
        return format(micros);
    }

    public static String format(long micros) {
        return BigDecimal.valueOf(micros, 6).toPlainString();
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return Long.compare(micros, other.micros);
    }

    @Override
    public String toString() {
        return toDecimalString() + " " + currency;
    }

    static void requireCurrency(String currency) {
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency: must be an ISO 4217 code such as EUR, was " + currency);
        }
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency: cannot mix " + currency + " and " + other.currency);
        }
    }
}
