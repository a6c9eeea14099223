package io.terafleet.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.api.TokenChunk;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A car signs each streamed chunk over the chain of all chunks before it; the receiver, following the chain on its
 * side, accepts the car's stream as sent and nothing else: no dropped, reordered, changed or spliced chunk passes.
 */
class StreamChainTest {
    private final KeyPair car = CarKeys.generate();

    private static TokenChunk chunk(int from, int... tokens) {
        List<String> texts = new ArrayList<>();
        float[] logprobs = new float[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            texts.add("t" + tokens[i]);
            logprobs[i] = -0.5f * i;
        }
        return new TokenChunk(from, tokens, texts, logprobs, null);
    }

    /** The car's stream: each chunk signed over its link. */
    private List<TokenChunk> signed(String requestId, String model, List<TokenChunk> chunks) {
        StreamChain chain = StreamChain.start(requestId, model);
        return chunks.stream().map(c -> c.withSignature(CarKeys.sign(car.getPrivate(), chain.next(c)))).toList();
    }

    /** How many chunks the receiver accepts, in the order they arrive, before the first that fails its check. */
    private int accepted(String requestId, String model, List<TokenChunk> arriving) {
        StreamChain chain = StreamChain.start(requestId, model);
        int n = 0;
        for (TokenChunk c : arriving) {
            byte[] link = chain.linkAfter(c);
            if (!CarKeys.verify(car.getPublic(), link, c.signature())) {
                return n;
            }
            chain.advance(link);
            n++;
        }
        return n;
    }

    private final List<TokenChunk> stream = List.of(chunk(0, 11, 12), chunk(2, 13), chunk(3, 14, 15, 16));

    @Test
    void theStreamAsSentPasses() {
        assertThat(accepted("req-1", "m", signed("req-1", "m", stream))).isEqualTo(3);
    }

    @Test
    void aDroppedChunkBreaksTheNext() {
        List<TokenChunk> sent = signed("req-1", "m", stream);
        assertThat(accepted("req-1", "m", List.of(sent.get(0), sent.get(2)))).isEqualTo(1);
    }

    @Test
    void reorderedChunksFail() {
        List<TokenChunk> sent = signed("req-1", "m", stream);
        assertThat(accepted("req-1", "m", List.of(sent.get(1), sent.get(0), sent.get(2)))).isZero();
    }

    @Test
    void aChangedTokenTextOrLogprobFails() {
        List<TokenChunk> sent = signed("req-1", "m", stream);
        TokenChunk second = sent.get(1);
        var changedToken = new TokenChunk(2, new int[] {99}, second.texts(), second.logprobs(), null, second.signature());
        var changedText = new TokenChunk(2, second.tokens(), List.of("x"), second.logprobs(), null, second.signature());
        var changedTail = new TokenChunk(2, second.tokens(), second.texts(), second.logprobs(), "!", second.signature());
        var changedFrom = new TokenChunk(1, second.tokens(), second.texts(), second.logprobs(), null, second.signature());
        for (TokenChunk changed : List.of(changedToken, changedText, changedTail, changedFrom)) {
            assertThat(accepted("req-1", "m", List.of(sent.get(0), changed))).isEqualTo(1);
        }
    }

    @Test
    void aChunkSplicedFromAnotherStreamFails() {
        List<TokenChunk> mine = signed("req-1", "m", stream);
        List<TokenChunk> other = signed("req-2", "m", stream);
        List<TokenChunk> otherModel = signed("req-1", "other", stream);
        assertThat(accepted("req-1", "m", List.of(mine.get(0), other.get(1)))).isEqualTo(1);
        assertThat(accepted("req-1", "m", otherModel)).isZero();
        assertThat(accepted("req-1", "m", List.of(other.get(0)))).isZero();
    }

    @Test
    void anotherKeyFails() {
        StreamChain chain = StreamChain.start("req-1", "m");
        TokenChunk forged = stream.getFirst().withSignature(CarKeys.sign(CarKeys.generate().getPrivate(),
                chain.next(stream.getFirst())));
        assertThat(accepted("req-1", "m", List.of(forged))).isZero();
        assertThat(accepted("req-1", "m", List.of(stream.getFirst()))).as("unsigned").isZero();
    }
}
