package io.terafleet.coordinator.batches;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.jobs.ResultFilter;
import io.terafleet.coordinator.service.JobService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A finished batch's output and error files in OpenAI's batch output format, one line per request:
 * {@code {"id","custom_id","response":{"status_code","request_id","body"},"error"}}. Successes go to the output
 * file with an embeddings response body
 * (with its {@code usage}, the tokens the car counted); failures to the error file, as {@code batch_cancelled} or
 * {@code batch_expired} errors when the batch ended early, else as a 500 response with an OpenAI error body.
 */
final class BatchOutput {
    /** The two files (null when there is nothing to put in one) with their content in chunks. */
    record Files(StoredFile output, List<byte[]> outputChunks, StoredFile errors, List<byte[]> errorChunks) {
    }

    private final JsonFactory factory = new JsonFactory();
    private final JobService jobs;

    BatchOutput(JobService jobs) {
        this.jobs = jobs;
    }

    Files render(BatchRow batch, BatchStatus status, long now) throws IOException {
        byte[] output = render(batch, status, ResultFilter.SUCCEEDED);
        byte[] errors = render(batch, status, ResultFilter.FAILED);
        StoredFile outputFile = output.length == 0 ? null : new StoredFile(FileStore.newId(), batch.tenantId(),
                "batch_output", batch.id() + "_output.jsonl", output.length, now);
        StoredFile errorFile = errors.length == 0 ? null : new StoredFile(FileStore.newId(), batch.tenantId(),
                "batch_output", batch.id() + "_error.jsonl", errors.length, now);
        return new Files(outputFile, chunks(output), errorFile, chunks(errors));
    }

    /** The files of a batch whose lines were rendered elsewhere (chat and completion batches). */
    static Files files(BatchRow batch, byte[] output, byte[] errors, long now) throws IOException {
        StoredFile outputFile = output.length == 0 ? null : new StoredFile(FileStore.newId(), batch.tenantId(),
                "batch_output", batch.id() + "_output.jsonl", output.length, now);
        StoredFile errorFile = errors.length == 0 ? null : new StoredFile(FileStore.newId(), batch.tenantId(),
                "batch_output", batch.id() + "_error.jsonl", errors.length, now);
        return new Files(outputFile, chunks(output), errorFile, chunks(errors));
    }

    private byte[] render(BatchRow batch, BatchStatus status, ResultFilter filter) throws IOException {
        var out = new ByteArrayOutputStream();
        java.util.Map<Integer, Integer> tokens = filter == ResultFilter.SUCCEEDED ? jobs.resultTokens(batch.jobId())
                : java.util.Map.of();
        try (JsonGenerator gen = factory.createGenerator(out, JsonEncoding.UTF8)) {
            jobs.streamResults(batch.jobId(), filter, (index, customId, embedding, error) -> {
                try {
                    line(gen, batch, status, index, customId, embedding, tokens.get(index), error);
                    gen.flush();
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return out.toByteArray();
    }

    private static void line(JsonGenerator gen, BatchRow batch, BatchStatus status, int index, String customId,
                             float[] embedding, Integer tokens, String error) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("id", "batch_req_" + digest(batch.id() + "/" + index));
        gen.writeStringField("custom_id", customId);
        String earlyEnd = embedding == null ? earlyEnd(status, error) : null;
        if (earlyEnd != null) {
            gen.writeNullField("response");
            gen.writeObjectFieldStart("error");
            gen.writeStringField("code", earlyEnd);
            gen.writeStringField("message", earlyEnd.equals("batch_expired")
                    ? "This request could not be executed before the completion window expired."
                    : "This request was not executed because the batch was cancelled.");
            gen.writeEndObject();
        } else {
            gen.writeObjectFieldStart("response");
            gen.writeNumberField("status_code", embedding != null ? 200 : 500);
            gen.writeStringField("request_id", "req_" + digest(batch.id() + "#" + index));
            gen.writeObjectFieldStart("body");
            if (embedding != null) {
                embeddingBody(gen, batch.model(), embedding, tokens);
            } else {
                gen.writeObjectFieldStart("error");
                gen.writeStringField("message", error == null ? "no result" : error);
                gen.writeStringField("type", "server_error");
                gen.writeNullField("param");
                gen.writeStringField("code", "inference_failed");
                gen.writeEndObject();
            }
            gen.writeEndObject();
            gen.writeEndObject();
            gen.writeNullField("error");
        }
        gen.writeEndObject();
    }

    /** The body {@code POST /v1/embeddings} would have answered for this one input. */
    private static void embeddingBody(JsonGenerator gen, String model, float[] embedding, Integer tokens)
            throws IOException {
        gen.writeStringField("object", "list");
        gen.writeArrayFieldStart("data");
        gen.writeStartObject();
        gen.writeStringField("object", "embedding");
        gen.writeNumberField("index", 0);
        gen.writeArrayFieldStart("embedding");
        for (float value : embedding) {
            gen.writeNumber(value);
        }
        gen.writeEndArray();
        gen.writeEndObject();
        gen.writeEndArray();
        gen.writeStringField("model", model);
        if (tokens != null) { // counted by the car; a result from before cars counted has none to report
            gen.writeObjectFieldStart("usage");
            gen.writeNumberField("prompt_tokens", tokens);
            gen.writeNumberField("total_tokens", tokens);
            gen.writeEndObject();
        }
    }

    /** {@code batch_cancelled} or {@code batch_expired} for an input the batch's early end left undone. */
    private static String earlyEnd(BatchStatus status, String error) {
        if (status == BatchStatus.CANCELLED && JobRepository.CANCELLED_ERROR.equals(error)) {
            return "batch_cancelled";
        }
        if (status == BatchStatus.EXPIRED && JobRepository.EXPIRED_ERROR.equals(error)) {
            return "batch_expired";
        }
        return null;
    }

    private static List<byte[]> chunks(byte[] content) throws IOException {
        return FileStore.readChunks(new ByteArrayInputStream(content), Long.MAX_VALUE);
    }

    /** Stable ids: the same batch and input always get the same request id. */
    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM must provide SHA-256", e);
        }
    }
}
