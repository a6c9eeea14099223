package io.terafleet.coordinator.http;

import io.javalin.Javalin;
import io.terafleet.coordinator.access.Access;
import io.javalin.http.Context;
import io.terafleet.coordinator.ledger.LedgerService;
import io.terafleet.core.ledger.Account;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Money, read-only: an owner's statement (work done, energy used, earnings per day) and a customer's
 * usage (inputs and charges per day and model). Days are UTC; both ranges default to the last 30 days.
 */
final class LedgerRoutes {
    private final LedgerService ledger;

    LedgerRoutes(LedgerService ledger) {
        this.ledger = ledger;
    }

    void register(Javalin app) {
        app.get("/v1/owners/{id}/statement", this::statement, Access.OPERATOR, Access.OWNER);
        app.get("/v1/usage", this::usage, Access.TENANT, Access.OPERATOR);
        app.get("/v1/ledger/health", this::health, Access.OPERATOR);
    }

    private void statement(Context ctx) {
        String owner = ctx.pathParam("id");
        if (!Account.ID.matcher(owner).matches()) {
            throw ApiProblem.badField("id", "an owner id is 1 to 64 letters, digits or . _ - : @");
        }
        String self = ctx.attribute(AccessGate.OWNER_ID);
        if (self != null && !self.equals(owner)) {
            throw ApiProblem.notFound("statement of owner", owner); // an owner reads its own only
        }
        LocalDate from = date(ctx, "from");
        LocalDate to = date(ctx, "to");
        ctx.json(fieldErrors(() -> ledger.statement(owner, from, to)));
    }

    /**
     * The ledger's health for the operator: the sum of every entry (zero when it balances) and each invariant
     * check that fails. Reads the whole ledger: asked for, never polled.
     */
    private void health(Context ctx) {
        long sum = ledger.repository().sumOfAllEntries();
        var violations = ledger.repository().invariantViolations();
        ctx.json(java.util.Map.of("sumOfAllEntriesMicros", sum, "violations", violations,
                "healthy", sum == 0 && violations.isEmpty(), "owners", ledger.repository().ownerMoney()));
    }

    private void usage(Context ctx) {
        String customer = ctx.queryParam("customer");
        if (customer == null || customer.isBlank()) {
            throw ApiProblem.badField("customer", "the query parameter customer is required, e.g. ?customer=acme");
        }
        if (!Account.ID.matcher(customer).matches()) {
            throw ApiProblem.badField("customer", "a customer id is 1 to 64 letters, digits or . _ - : @");
        }
        TenantScope.requireCustomer(ctx, customer);
        LocalDate from = date(ctx, "from");
        LocalDate to = date(ctx, "to");
        ctx.json(fieldErrors(() -> ledger.usage(customer, from, to)));
    }

    private static LocalDate date(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badField(name, "not a date in the form YYYY-MM-DD: \"" + text + "\"");
        }
    }

    /** The service names the field at fault before a colon; that becomes the problem's field. */
    private static <T> T fieldErrors(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "invalid" : e.getMessage();
            int colon = message.indexOf(':');
            if (colon > 0 && colon < 40) {
                throw ApiProblem.badField(message.substring(0, colon), message.substring(colon + 1).trim());
            }
            throw ApiProblem.badField("query", message);
        }
    }
}
