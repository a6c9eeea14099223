package io.terafleet.coordinator.generation;

import io.terafleet.coordinator.ledger.LedgerService;
import io.terafleet.core.ledger.Account;
import io.terafleet.core.ledger.DeliveredAnswer;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Charges delivered answers by their tokens: one posting per request and choice, so a batch line run again or
 * an answer resumed on another car is charged once. Online, the owners' share goes to the car that finished the
 * answer (the router reports that car only); a batch line's stored answer names every car and its tokens.
 */
public final class AnswerMetering {
    /** The energy price at which owners' energy is reimbursed, as for verified units (0.30 EUR/kWh). */
    public static final long DEFAULT_MICROS_PER_KWH = 300_000;

    private final LedgerService ledger;
    private final Function<String, Optional<String>> ownerOf;
    private final long microsPerKwh;

    /** @param ownerOf who is paid for a car's work; a car without an owner is paid itself */
    public AnswerMetering(LedgerService ledger, Function<String, Optional<String>> ownerOf) {
        this(ledger, ownerOf, DEFAULT_MICROS_PER_KWH);
    }

    /** @param microsPerKwh the price at which the energy paid for a batch answer's parts is reimbursed */
    public AnswerMetering(LedgerService ledger, Function<String, Optional<String>> ownerOf, long microsPerKwh) {
        this.ledger = ledger;
        this.ownerOf = ownerOf;
        this.microsPerKwh = microsPerKwh;
    }

    /**
     * Charges {@code tenant} for each answer of {@code requestId}, choice by choice, and pays the cars' owners. As
     * in the response's usage, a prompt's tokens are charged once, with the first of its {@code n} choices.
     */
    public void charge(String requestId, String tenant, String model, List<GenerationService.Answer> answers, int n) {
        charge(requestId, tenant, null, model, answers, n);
    }

    /** As {@link #charge(String, String, String, List, int)}, naming the API key (its prefix) that asked. */
    public void charge(String requestId, String tenant, String apiKey, String model,
                       List<GenerationService.Answer> answers, int n) {
        for (int choice = 0; choice < answers.size(); choice++) {
            GenerationService.Answer answer = answers.get(choice);
            String car = answer.finishedBy();
            var cars = List.of(new DeliveredAnswer.CarTokens(car, ownerOf.apply(car).orElse(car),
                    answer.tokens().length));
            ledger.settle(new DeliveredAnswer(requestId, choice, Account.customer(tenant), model,
                    choice % n == 0 ? answer.promptTokens() : 0, cars, ledger.now()), apiKey);
        }
    }

    /**
     * As {@link #charge}, for answers stored with the cars that generated them: an answer resumed on another car
     * pays each car's owner for the tokens that car produced, and reimburses the energy each car's lease was paid
     * for its part of the answer.
     */
    public void chargeSplit(String requestId, String tenant, String model, List<StoredAnswer> answers, int n) {
        chargeSplit(requestId, tenant, null, model, answers, n);
    }

    /** As {@link #chargeSplit(String, String, String, List, int)}, naming the API key (its prefix) that asked. */
    public void chargeSplit(String requestId, String tenant, String apiKey, String model, List<StoredAnswer> answers,
                            int n) {
        for (int choice = 0; choice < answers.size(); choice++) {
            StoredAnswer answer = answers.get(choice);
            var cars = answer.cars().stream().map(part -> new DeliveredAnswer.CarTokens(part.carId(),
                    ownerOf.apply(part.carId()).orElse(part.carId()), part.tokens(), part.milliWh(), microsPerKwh))
                    .toList();
            ledger.settle(new DeliveredAnswer(requestId, choice, Account.customer(tenant), model,
                    choice % n == 0 ? answer.promptTokens() : 0, cars, ledger.now()), apiKey);
        }
    }
}
