package io.terafleet.coordinator.http;

import io.javalin.http.Context;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's own validation errors say {@code "field: what is wrong"}; those become a 400 naming the field.
 * Any other {@link IllegalArgumentException} came from a library and is answered without its text.
 */
final class FieldMessage {
    private static final Logger LOG = LoggerFactory.getLogger(FieldMessage.class);
    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\[\\]-]{0,63}");

    private FieldMessage() {
    }

    static ProblemDetails problem(IllegalArgumentException e, Context ctx) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int colon = message.indexOf(':');
        if (colon > 0 && FIELD.matcher(message.substring(0, colon)).matches()) {
            return ProblemDetails.forField(400, "invalid-request", message.substring(0, colon),
                    message.substring(colon + 1).trim());
        }
        LOG.info("{} {}: refused input ({})", ctx.method(), ctx.path(), message);
        return ProblemDetails.of(400, "invalid-request", "Invalid request", "the request is not valid");
    }
}
