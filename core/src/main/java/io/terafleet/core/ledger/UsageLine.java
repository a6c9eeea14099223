package io.terafleet.core.ledger;

import java.time.LocalDate;

/**
 * A customer's use of one model on one day (UTC) through one API key: inputs delivered, prompt and completion tokens
 * of generated answers, and what they cost, in micro-units.
 *
 * @param apiKey the prefix of the API key that submitted the work; null for work submitted without one (or
 *               charged before charges named their key)
 */
public record UsageLine(LocalDate date, String model, String currency, long inputs, long amountMicros,
                        long promptTokens, long completionTokens, String apiKey) {
    /** A line that names no key. */
    public UsageLine(LocalDate date, String model, String currency, long inputs, long amountMicros,
                     long promptTokens, long completionTokens) {
        this(date, model, currency, inputs, amountMicros, promptTokens, completionTokens, null);
    }
}
