package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.core.JsonProcessingException;
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

    /** Reads the body as {@code type}; a malformed or mistyped body is a 400 naming the field. */
    public static <T> T read(ObjectMapper mapper, Context ctx, Class<T> type) {
        try {
            T value = mapper.readValue(ctx.bodyInputStream(), type);
            if (value == null) {
                throw ApiProblem.badField("body", "a JSON object is required");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiProblem.badField(path(e), "unknown field");
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw ApiProblem.badField(field.isEmpty() ? "body" : field, "wrong type: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiProblem.badField("body", "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiProblem.badField("body", "could not be read: " + e.getMessage());
        }
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
