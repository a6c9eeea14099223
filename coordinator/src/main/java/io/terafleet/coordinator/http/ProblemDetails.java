package io.terafleet.coordinator.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.terafleet.coordinator.intake.LineError;
import java.util.List;

/**
 * An RFC 9457 problem document, sent as {@code application/problem+json}.
 *
 * @param errors  for a rejected input file: each error with its line and field
 * @param omitted errors found but not listed, when there were too many to list
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetails(String type, String title, int status, String detail, String instance,
                             String field, List<LineError> errors, Integer omitted) {

    public static final String TYPE_PREFIX = "https://terafleet.dev/problems/";

    public static ProblemDetails of(int status, String slug, String title, String detail) {
        return new ProblemDetails(TYPE_PREFIX + slug, title, status, detail, null, null, null, null);
    }

    public static ProblemDetails forField(int status, String slug, String field, String detail) {
        return new ProblemDetails(TYPE_PREFIX + slug, "Invalid " + field, status, field + ": " + detail,
                null, field, null, null);
    }

    public ProblemDetails withInstance(String path) {
        return new ProblemDetails(type, title, status, detail, path, field, errors, omitted);
    }
}
