package io.terafleet.core.identity;

import io.terafleet.core.api.TokenChunk;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The hash chain over one car's streamed answer to one online request, whose links the car signs chunk by chunk:
 *
 * <pre>
 *   link0 = SHA-256("terafleet-stream-v1" request-id model)
 *   linkN = SHA-256(linkN-1 chunkN)      chunk: from, tokens, texts, log-probabilities, tail text (signature not)
 * </pre>
 *
 * The car signs each link as it sends its chunk; the coordinator computes the same links from the chunks it
 * receives and checks each signature before the chunk reaches a customer. A chunk dropped, reordered, changed or
 * taken from another stream (another request, another model, another car's answer) breaks every link after it.
 * Texts and lists are length-prefixed as in {@link OnlineAnswerDigest}, so no two chunks share a form. Not
 * thread-safe: one chain follows one stream in order.
 */
public final class StreamChain {
    static final String DOMAIN = "terafleet-stream-v1";

    private byte[] link;

    private StreamChain(byte[] link) {
        this.link = link;
    }

    /** The chain of the stream answering {@code requestId} (fresh per hand-over to a car) for {@code model}. */
    public static StreamChain start(String requestId, String model) {
        var bytes = new ByteArrayOutputStream(96);
        try (var out = new DataOutputStream(bytes)) {
            text(out, DOMAIN);
            text(out, requestId);
            text(out, model);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return new StreamChain(sha256().digest(bytes.toByteArray()));
    }

    /** The link that follows if {@code chunk} is the stream's next chunk: what the car signs. Nothing moves. */
    public byte[] linkAfter(TokenChunk chunk) {
        MessageDigest digest = sha256();
        digest.update(link);
        digest.update(canonical(chunk));
        return digest.digest();
    }

    /** Moves the chain past a chunk whose {@link #linkAfter} is {@code next}. */
    public void advance(byte[] next) {
        this.link = next.clone();
    }

    /** {@link #linkAfter} and {@link #advance} at once: the car's side, one chunk after another. */
    public byte[] next(TokenChunk chunk) {
        byte[] next = linkAfter(chunk);
        link = next;
        return next.clone();
    }

    static byte[] canonical(TokenChunk chunk) {
        var bytes = new ByteArrayOutputStream(32 + chunk.tokens().length * 16);
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(chunk.from());
            out.writeInt(chunk.tokens().length);
            for (int token : chunk.tokens()) {
                out.writeInt(token);
            }
            List<String> texts = chunk.texts();
            out.writeInt(texts.size());
            for (String piece : texts) {
                text(out, piece);
            }
            out.writeInt(chunk.logprobs().length);
            for (float logprob : chunk.logprobs()) {
                out.writeInt(Float.floatToIntBits(logprob));
            }
            text(out, chunk.tailText());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
