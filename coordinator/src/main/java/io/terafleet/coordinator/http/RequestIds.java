package io.terafleet.coordinator.http;

import io.javalin.http.Context;
import java.util.UUID;

/**
 * Every response names its request with {@code x-request-id}, as OpenAI's API does, so that a customer's log line
 * and the coordinator's can be matched. A KServe response without a client-given {@code id} carries the same id.
 */
final class RequestIds {
    static final String HEADER = "x-request-id";
    private static final String ATTRIBUTE = "terafleet.requestId";

    private RequestIds() {
    }

    static void assign(Context ctx) {
        String id = "req_" + UUID.randomUUID().toString().replace("-", "");
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    /** This request's id (assigned before any handler runs). */
    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id != null ? id : ctx.res().getHeader(HEADER);
    }
}
