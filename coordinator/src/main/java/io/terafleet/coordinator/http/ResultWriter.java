package io.terafleet.coordinator.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.terafleet.coordinator.jobs.ResultFilter;
import io.terafleet.coordinator.service.JobService;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Streams a job's outcomes as JSONL in input order, one line per selected input:
 * {@code {"custom_id":"a","index":0,"embedding":[...]}} or
 * {@code {"custom_id":"a","index":0,"error":{"message":"..."}}}.
 */
final class ResultWriter {
    private final JsonFactory factory = new JsonFactory();
    private final JobService jobs;

    ResultWriter(JobService jobs) {
        this.jobs = jobs;
    }

    void write(String jobId, ResultFilter filter, OutputStream out) throws IOException {
        try (JsonGenerator gen = factory.createGenerator(out, JsonEncoding.UTF8)) {
            gen.setRootValueSeparator(new SerializedString("\n"));
            jobs.streamResults(jobId, filter, (index, customId, embedding, error) -> writeLine(gen, index, customId, embedding, error));
            gen.writeRaw('\n');
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void writeLine(JsonGenerator gen, int index, String customId, float[] embedding, String error) {
        try {
            gen.writeStartObject();
            gen.writeStringField("custom_id", customId);
            gen.writeNumberField("index", index);
            if (embedding != null) {
                gen.writeFieldName("embedding");
                gen.writeStartArray();
                for (float value : embedding) {
                    gen.writeNumber(value); // shortest text that reads back as the same float
                }
                gen.writeEndArray();
            } else {
                gen.writeObjectFieldStart("error");
                gen.writeStringField("message", error == null ? "no result" : error);
                gen.writeEndObject();
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
