package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.terafleet.coordinator.intake.JsonSyntax;
import io.terafleet.coordinator.intake.StorableText;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.stream.Collectors;

/** The coordinator's JSON settings and request-body reading with errors that name the field. */
public final class Json {
    private Json() {
    }

    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * Reads the body as {@code type}; a malformed or mistyped body, or text the store cannot hold, is a 400 naming
     * the field. Errors say what was expected, never the parser's own message (it names Java types).
     */
    public static <T> T read(ObjectMapper mapper, Context ctx, Class<T> type) {
        try {
            JsonNode tree = mapper.readTree(ctx.bodyInputStream());
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw ApiProblem.badField("body", "a JSON object is required");
            }
            StorableText.firstFault(tree).ifPresent(fault -> {
                throw ApiProblem.badField(fault.field(), fault.reason());
            });
            T value = mapper.treeToValue(tree, type);
            if (value == null) {
                throw ApiProblem.badField("body", "a JSON object is required");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiProblem.badField(path(e), "unknown field");
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw ApiProblem.badField(field.isEmpty() ? "body" : field, "wrong type: expected " + JsonSyntax.expected(e));
        } catch (JsonProcessingException e) {
            throw ApiProblem.badField("body", "not valid JSON" + JsonSyntax.where(e));
        } catch (IOException e) {
            throw ApiProblem.badField("body", "could not be read");
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badField("body", "does not fit the expected shape");
        }
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
