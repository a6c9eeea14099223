package io.terafleet.coordinator.http;

import io.javalin.http.Context;
import io.terafleet.coordinator.intake.StorableText;
import java.util.List;
import java.util.Map;

/**
 * Refuses, before any handler runs, query and path parameters (names, cursors, ids) holding text the store cannot
 * hold: a 400 naming the parameter rather than a store error. Bodies are checked where they are parsed.
 */
final class InputGuard {
    private InputGuard() {
    }

    static void check(Context ctx) {
        for (Map.Entry<String, String> param : ctx.pathParamMap().entrySet()) {
            refuse(param.getKey(), param.getValue());
        }
        for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
            refuse("query", param.getKey());
            for (String value : param.getValue()) {
                refuse(param.getKey(), value);
            }
        }
    }

    private static void refuse(String name, String value) {
        String problem = StorableText.problem(value);
        if (problem != null) {
            throw ApiProblem.badField(name, problem);
        }
    }
}
