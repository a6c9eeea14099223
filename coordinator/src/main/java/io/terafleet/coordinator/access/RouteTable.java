package io.terafleet.coordinator.access;

import io.javalin.event.HandlerMetaInfo;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every endpoint the router holds, as it was registered, with the access it declared. Filled from the
 * router's own "handler added" events, so a route cannot be missing from it; what it reports as undeclared
 * is refused at run time and fails the route-table test.
 */
public final class RouteTable {
    /** One endpoint: method, path pattern and the kinds of caller it admits. */
    public record Route(HandlerType method, String path, Set<Access> access) {
        public boolean admits(Access kind) {
            return access.contains(Access.ANONYMOUS) || access.contains(kind);
        }
    }

    private final List<Route> routes = Collections.synchronizedList(new ArrayList<>());

    /** Listener for {@code config.events.handlerAdded}; before/after filters are not endpoints and are skipped. */
    public void added(HandlerMetaInfo info) {
        if (!info.getHttpMethod().isHttpMethod()) {
            return;
        }
        EnumSet<Access> access = EnumSet.noneOf(Access.class);
        info.getRoles().forEach(role -> {
            if (role instanceof Access a) {
                access.add(a);
            }
        });
        routes.add(new Route(info.getHttpMethod(), info.getPath(), Collections.unmodifiableSet(access)));
    }

    public List<Route> routes() {
        synchronized (routes) {
            return List.copyOf(routes);
        }
    }

    /** Endpoints registered without an access rule: a build error. */
    public List<Route> undeclared() {
        return routes().stream().filter(route -> route.access().isEmpty()).toList();
    }
}
