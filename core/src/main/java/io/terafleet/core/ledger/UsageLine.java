package io.terafleet.core.ledger;

import java.time.LocalDate;

/**
 * A customer's use of one model on one day (UTC): inputs delivered, prompt and completion tokens of generated
 * answers, and what they cost, in micro-units.
 */
public record UsageLine(LocalDate date, String model, String currency, long inputs, long amountMicros,
                        long promptTokens, long completionTokens) {
}
