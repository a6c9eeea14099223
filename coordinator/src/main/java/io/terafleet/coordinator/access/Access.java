package io.terafleet.coordinator.access;

import io.javalin.security.RouteRole;

/**
 * Who may call a route, declared where the route is registered ({@code app.get(path, handler, Access.TENANT)})
 * and judged on the route the router matched, never on the raw path. A route may admit several kinds.
 */
public enum Access implements RouteRole {
    /** Anyone, without a credential: health, the OpenAPI document, metrics, enrollment (its grant is the body). */
    ANONYMOUS,
    /** An enrolled car, by its credential. */
    CAR,
    /** A customer, by a tenant's API key (or, on an embedded coordinator, no key at all). */
    TENANT,
    /** A car owner, by the owner's key: its own statement only. */
    OWNER,
    /** The fleet operator, by an operator key. */
    OPERATOR
}
