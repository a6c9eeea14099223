package io.terafleet.core.ledger;

import java.time.LocalDate;

/** A customer's use of one model on one day (UTC): inputs delivered and what they cost, in micro-units. */
public record UsageLine(LocalDate date, String model, String currency, long inputs, long amountMicros) {
}
