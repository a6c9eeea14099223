package io.terafleet.core.identity;

import io.terafleet.core.api.GenerationOutput;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.TensorData;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The one canonical form of a car's answer to an online request, and its SHA-256 digest (what the car signs and the
 * coordinator checks before the answer reaches a customer). Every field is length- or count-prefixed, absent
 * values have their own mark, so no two different answers share a form:
 *
 * <pre>
 *   "terafleet-online-v1" request-id model                     (each: text, see below)
 *   embeddings:  list of texts (the base64 vectors as they travel)
 *   promptTokens: optional int32
 *   outputs:     list of (name, datatype, shape as int32 count + int64s, base64 data as text)
 *   error:       optional text;  retryable: byte 0 (absent) / 1 (false) / 2 (true)
 *   generation:  optional (int32 count + int32 tokens, int32 count + float32 bits, finish reason, prompt tokens)
 *   text: int32 byte length (-1: absent), UTF-8 bytes;  list: int32 count (-1: absent), items
 * </pre>
 *
 * Integers are big-endian. The car's compute time is not signed: it is a figure for routing statistics, not part
 * of what a customer receives. The request id is fresh per hand-over, so a signed answer cannot be replayed on
 * another request; the model keeps an answer of one model from passing as another's.
 */
public final class OnlineAnswerDigest {
    static final String DOMAIN = "terafleet-online-v1";

    private OnlineAnswerDigest() {
    }

    /** The canonical bytes of {@code answer} to request {@code requestId} for {@code model}. */
    public static byte[] canonical(String requestId, String model, OnlineResult answer) {
        var bytes = new ByteArrayOutputStream(256);
        try (var out = new DataOutputStream(bytes)) {
            text(out, DOMAIN);
            text(out, require(requestId, "requestId"));
            text(out, require(model, "model"));
            List<String> embeddings = answer.embeddings();
            out.writeInt(embeddings == null ? -1 : embeddings.size());
            if (embeddings != null) {
                for (String vector : embeddings) {
                    text(out, vector);
                }
            }
            optionalInt(out, answer.promptTokens());
            outputs(out, answer.outputs());
            text(out, answer.error());
            out.writeByte(answer.retryable() == null ? 0 : answer.retryable() ? 2 : 1);
            generation(out, answer.generation());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** SHA-256 of the canonical bytes: what a car signs. */
    public static byte[] of(String requestId, String model, OnlineResult answer) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(canonical(requestId, model, answer));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void outputs(DataOutputStream out, List<TensorData> outputs) throws IOException {
        out.writeInt(outputs == null ? -1 : outputs.size());
        if (outputs == null) {
            return;
        }
        for (TensorData tensor : outputs) {
            if (tensor == null) {
                out.writeByte(0);
                continue;
            }
            out.writeByte(1);
            text(out, tensor.name());
            text(out, tensor.datatype());
            long[] shape = tensor.shape();
            out.writeInt(shape == null ? -1 : shape.length);
            if (shape != null) {
                for (long dimension : shape) {
                    out.writeLong(dimension);
                }
            }
            text(out, tensor.dataBase64());
        }
    }

    private static void generation(DataOutputStream out, GenerationOutput generation) throws IOException {
        if (generation == null) {
            out.writeByte(0);
            return;
        }
        out.writeByte(1);
        int[] tokens = generation.tokens();
        out.writeInt(tokens == null ? -1 : tokens.length);
        if (tokens != null) {
            for (int token : tokens) {
                out.writeInt(token);
            }
        }
        float[] logprobs = generation.logprobs();
        out.writeInt(logprobs == null ? -1 : logprobs.length);
        if (logprobs != null) {
            for (float logprob : logprobs) {
                out.writeInt(Float.floatToIntBits(logprob));
            }
        }
        text(out, generation.finishReason());
        out.writeInt(generation.promptTokens());
    }

    private static void optionalInt(DataOutputStream out, Integer value) throws IOException {
        if (value == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1);
            out.writeInt(value);
        }
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String require(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": must be set");
        }
        return value;
    }
}
