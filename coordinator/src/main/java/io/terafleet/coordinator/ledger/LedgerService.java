package io.terafleet.coordinator.ledger;

import io.terafleet.core.ledger.Account;
import io.terafleet.core.ledger.Corrections;
import io.terafleet.core.ledger.CustomerUsage;
import io.terafleet.core.ledger.DeliveredAnswer;
import io.terafleet.core.ledger.OwnerStatement;
import io.terafleet.core.ledger.PostOutcome;
import io.terafleet.core.ledger.Posting;
import io.terafleet.core.ledger.Settlement;
import io.terafleet.core.ledger.SettlementOutcome;
import io.terafleet.core.ledger.VerifiedUnit;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The ledger as the rest of the coordinator uses it: settle a verified unit, reverse a posting, void a
 * quarantined car's unpaid credit, read statements. Times come from the injected clock; days are UTC.
 */
public final class LedgerService {
    private final LedgerRepository repository;
    private final LedgerConfig config;
    private final Settlement settlement;
    private final Clock clock;

    public LedgerService(LedgerRepository repository, LedgerConfig config, Clock clock) {
        this.repository = repository;
        this.config = config;
        this.settlement = new Settlement(config.prices(), config.terms());
        this.clock = clock;
    }

    public LedgerRepository repository() {
        return repository;
    }

    public LedgerConfig config() {
        return config;
    }

    /** What settling a unit did: the settlement's outcome and, when there was a posting, what storing it did. */
    public record Settled(SettlementOutcome settlement, Optional<PostOutcome> posted) {
    }

    /** Settles a verified unit and stores the posting (once: settling the same unit again changes nothing). */
    public Settled settle(VerifiedUnit unit) {
        SettlementOutcome outcome = settlement.settle(unit);
        if (outcome instanceof SettlementOutcome.Settled settled) {
            return new Settled(outcome, Optional.of(repository.post(settled.posting())));
        }
        return new Settled(outcome, Optional.empty());
    }

    /**
     * Charges a delivered generated answer by its tokens and pays the cars' owners, once per request and choice:
     * charging it again changes nothing.
     */
    public Settled settle(DeliveredAnswer answer) {
        return settle(answer, null);
    }

    /** As {@link #settle(DeliveredAnswer)}, the charge naming the API key (its prefix) that asked; null: none. */
    public Settled settle(DeliveredAnswer answer, String apiKey) {
        SettlementOutcome outcome = settlement.settle(answer);
        if (outcome instanceof SettlementOutcome.Settled settled) {
            return new Settled(outcome, Optional.of(repository.post(settled.posting().withApiKey(apiKey))));
        }
        return new Settled(outcome, Optional.empty());
    }

    /** Reverses the posting stored under {@code key}; empty when there is none. */
    public Optional<PostOutcome> reverse(String key) {
        return repository.find(key).map(original -> repository.post(Corrections.reverse(original, clock.instant())));
    }

    /**
     * Moves the car's unpaid credit to suspense, for a car just quarantined. Empty when it had none.
     * Settlements for the car must stop first (a quarantined car gets no work), or credit posted after
     * the balance was read stays unpaid and can be voided by another call with a new reference.
     */
    public Optional<PostOutcome> voidUnpaidCredit(String ownerId, String carId, String quarantineRef) {
        var unpaid = repository.unpaidCredit(carId, config.currency());
        Optional<Posting> posting = Corrections.voidUnpaidCredit(ownerId, carId, unpaid, quarantineRef, clock.instant());
        return posting.map(repository::post);
    }

    /** Now, by the ledger's clock: when a posting made now is dated. */
    public java.time.Instant now() {
        return clock.instant();
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** A statement for [from, to]; both default to the last 30 days up to today. */
    public OwnerStatement statement(String ownerId, LocalDate from, LocalDate to) {
        Account.requireId(ownerId, "ownerId");
        LocalDate end = to != null ? to : today();
        LocalDate start = from != null ? from : end.minusDays(29);
        requireRange(start, end);
        return repository.statement(ownerId, start, end);
    }

    public CustomerUsage usage(String customerId, LocalDate from, LocalDate to) {
        Account.requireId(customerId, "customer");
        LocalDate end = to != null ? to : today();
        LocalDate start = from != null ? from : end.minusDays(29);
        requireRange(start, end);
        return repository.usage(customerId, start, end);
    }

    private void requireRange(LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from: must not be after to (" + from + " > " + to + ")");
        }
        if (from.plusDays(config.maxStatementDays()).isBefore(to.plusDays(1))) {
            throw new IllegalArgumentException("from: the range may cover at most " + config.maxStatementDays()
                    + " days, " + from + ".." + to + " covers " + (to.toEpochDay() - from.toEpochDay() + 1));
        }
    }
}
