package io.terafleet.coordinator.generation;

import io.terafleet.core.api.TokenChunk;
import io.terafleet.core.identity.CarKeys;
import io.terafleet.core.identity.StreamChain;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The answers streaming now, by the request id of the car attempt that feeds each: O(1) per chunk. A chunk reaches
 * the answer (and so the customer) only after its signature checks out: the car's Ed25519 signature over the
 * {@link StreamChain} link of this chunk after every chunk it sent before on this attempt. A chunk that fails ends
 * the attempt: nothing of it is relayed, the car is {@link Refusal refused} (a strike, and the request resumes on
 * another car after the chunks already checked, as after a preemption). One key look-up (cached by the caller),
 * one SHA-256 over the chunk and one verification per chunk.
 */
public final class TokenStreams {
    /** What happens to a car whose chunk failed its check, and to the attempt it was serving. */
    @FunctionalInterface
    public interface Refusal {
        /** @param keyless whether the car holds no key at all (no strike: it enrolled before keys were required) */
        void refused(String carId, String requestId, boolean keyless);
    }

    private final ConcurrentHashMap<String, Stream> open = new ConcurrentHashMap<>();
    private final Function<String, Optional<PublicKey>> keys;
    private final Refusal refusal;

    /** One attempt's stream: where its chunks go, and the chain they must follow. */
    private static final class Stream {
        final AnswerSoFar answer;
        final StreamChain chain;
        String lastSignature;

        Stream(AnswerSoFar answer, StreamChain chain) {
            this.answer = answer;
            this.chain = chain;
        }
    }

    /**
     * @param keys    a car's public key by car id
     * @param refusal told of each car whose chunk failed its check
     */
    public TokenStreams(Function<String, Optional<PublicKey>> keys, Refusal refusal) {
        this.keys = keys;
        this.refusal = refusal;
    }

    /** The attempt {@code requestId} at {@code model} streams into {@code answer} from now on. */
    void open(String requestId, String model, AnswerSoFar answer) {
        open.put(requestId, new Stream(answer, StreamChain.start(requestId, model)));
    }

    void close(String requestId) {
        open.remove(requestId);
    }

    /**
     * Takes {@code carId}'s chunk of attempt {@code requestId} (the caller has made sure the attempt is the car's).
     * False when no answer streams under this id any more (it ended or went to another car), or when the chunk was
     * refused: unsigned, not the car's signature of its place in the stream, or leaving a gap.
     */
    public boolean deliver(String carId, String requestId, TokenChunk chunk) {
        Stream stream = open.get(requestId);
        if (stream == null) {
            return false;
        }
        synchronized (stream) {
            if (chunk.signature() != null && chunk.signature().equals(stream.lastSignature)) {
                return true; // the same chunk again (resent after a lost acknowledgement): taken once already
            }
            Optional<PublicKey> key = keys.apply(carId);
            byte[] link = stream.chain.linkAfter(chunk);
            if (key.isEmpty() || !CarKeys.verify(key.get(), link, chunk.signature())
                    || !stream.answer.accept(chunk)) {
                open.remove(requestId, stream);
                refusal.refused(carId, requestId, key.isEmpty());
                return false;
            }
            stream.chain.advance(link);
            stream.lastSignature = chunk.signature();
            return true;
        }
    }

    /** Streams open now. */
    int size() {
        return open.size();
    }
}
