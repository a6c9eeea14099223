package io.terafleet.coordinator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Request bodies of the cloud APIs, read as JSON trees so that each field's type can be checked with an error
 * in the endpoint's own format (OpenAI's, KServe's) naming the field.
 */
final class JsonBodies {
    private JsonBodies() {
    }

    static JsonNode object(ObjectMapper json, Context ctx, long maxBytes) {
        return object(json, ctx.bodyInputStream(), maxBytes);
    }

    /** A body already read (a route that first looks whether there is one at all). */
    static JsonNode object(ObjectMapper json, byte[] read, long maxBytes) {
        return object(json, new java.io.ByteArrayInputStream(read), maxBytes);
    }

    private static JsonNode object(ObjectMapper json, InputStream in, long maxBytes) {
        try (InputStream body = new BoundedInputStream(in, maxBytes)) {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiError.invalid(null, "The request body must be a JSON object.");
            }
            io.terafleet.coordinator.intake.StorableText.firstFault(node).ifPresent(fault -> {
                throw ApiError.invalid(fault.field(), "'" + fault.field() + "' " + fault.reason());
            });
            return node;
        } catch (JsonProcessingException e) {
            throw ApiError.invalid(null, "We could not parse the JSON body of your request (not valid JSON"
                    + io.terafleet.coordinator.intake.JsonSyntax.where(e) + ").");
        } catch (ApiProblem e) {
            throw ErrorFormat.fromProblem(e.problem());
        } catch (IOException e) {
            throw ApiError.invalid(null, "The request body could not be read.");
        }
    }

    /** A string field; null when absent or JSON null. */
    static String optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiError.invalid(field, "'" + field + "' must be a string, was " + node.getNodeType().name().toLowerCase());
        }
        return node.asText();
    }

    static String requiredText(JsonNode body, String field) {
        String value = optionalText(body, field);
        if (value == null || value.isBlank()) {
            throw ApiError.invalid(field, "Missing required parameter: '" + field + "'.");
        }
        return value;
    }

    static Integer optionalInt(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw ApiError.invalid(field, "'" + field + "' must be an integer");
        }
        return node.intValue();
    }

    static Double optionalNumber(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw ApiError.invalid(field, "'" + field + "' must be a number");
        }
        return node.doubleValue();
    }
}
