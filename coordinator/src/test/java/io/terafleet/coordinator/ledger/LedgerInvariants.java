package io.terafleet.coordinator.ledger;

import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.db.Database;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks invariant I3 after every test: the ledger sums to zero and {@link LedgerRepository#invariantViolations()}
 * finds nothing. It runs right after the test method, before {@code @AfterEach} closes the database.
 *
 * <p>Either register it with the ledger to check:
 * <pre>{@code @RegisterExtension LedgerInvariants invariants = LedgerInvariants.of(() -> ledgerRepository);}</pre>
 * or put {@code @ExtendWith(LedgerInvariants.class)} on a test class that has a field (its own or inherited)
 * of type {@link LedgerRepository}, {@link LedgerService}, {@link Coordinator} or {@link Database}; the
 * first non-null one found is checked.
 */
public final class LedgerInvariants implements AfterTestExecutionCallback {
    private final Supplier<LedgerRepository> source;

    /** For {@code @ExtendWith}: finds the ledger in the test instance's fields. */
    public LedgerInvariants() {
        this.source = null;
    }

    private LedgerInvariants(Supplier<LedgerRepository> source) {
        this.source = source;
    }

    public static LedgerInvariants of(Supplier<LedgerRepository> source) {
        return new LedgerInvariants(source);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            return; // the test failed already; its own failure says more
        }
        LedgerRepository ledger = source != null ? source.get()
                : context.getTestInstance().flatMap(LedgerInvariants::findLedger).orElseThrow(() ->
                        new IllegalStateException("LedgerInvariants: no LedgerRepository, LedgerService, Coordinator or"
                                + " Database field in " + context.getRequiredTestClass().getName()));
        if (ledger != null) {
            check(ledger);
        }
    }

    /** Throws an {@link AssertionError} listing what is wrong, if anything. */
    public static void check(LedgerRepository ledger) {
        List<String> problems = new ArrayList<>();
        long sum = ledger.sumOfAllEntries();
        if (sum != 0) {
            problems.add("all entries sum to " + sum + " micro-units, not zero");
        }
        problems.addAll(ledger.invariantViolations());
        if (!problems.isEmpty()) {
            throw new AssertionError("ledger invariant I3 broken:\n  " + String.join("\n  ", problems));
        }
    }

    private static Optional<LedgerRepository> findLedger(Object instance) {
        for (Class<?> type = instance.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                Optional<LedgerRepository> found = ledgerIn(field, instance);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<LedgerRepository> ledgerIn(Field field, Object instance) {
        Class<?> type = field.getType();
        if (type != LedgerRepository.class && type != LedgerService.class && type != Coordinator.class
                && type != Database.class) {
            return Optional.empty();
        }
        try {
            field.setAccessible(true);
            Object value = field.get(instance);
            return Optional.ofNullable(switch (value) {
                case null -> null;
                case LedgerRepository repository -> repository;
                case LedgerService service -> service.repository();
                case Coordinator coordinator -> coordinator.ledger().repository();
                case Database database -> new LedgerRepository(database);
                default -> null;
            });
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("LedgerInvariants: cannot read field " + field, e);
        }
    }
}
