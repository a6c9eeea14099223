package io.terafleet.coordinator.generation;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.api.TokenChunk;
import io.terafleet.core.identity.CarKeys;
import io.terafleet.core.identity.StreamChain;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Nothing a car streams reaches the customer before its signature over the stream so far checks out: a bad chunk
 * is refused whole, the car is told off once, and the answer keeps exactly the chunks checked before it.
 */
class TokenStreamsTest {
    private final KeyPair honest = CarKeys.generate();
    private final KeyPair other = CarKeys.generate();
    private final Map<String, KeyPair> keys = Map.of("car-1", honest, "car-2", other);
    private final List<String> refused = new ArrayList<>();
    private final TokenStreams streams = new TokenStreams(
            car -> Optional.ofNullable(keys.get(car)).map(KeyPair::getPublic),
            (car, request, keyless) -> refused.add(car + "/" + request + (keyless ? "/keyless" : "")));
    private final StringBuilder shown = new StringBuilder();
    private final AnswerSoFar answer = new AnswerSoFar((text, tokens, texts, logprobs) -> shown.append(text));

    private static TokenChunk chunk(int from, String... texts) {
        int[] tokens = new int[texts.length];
        for (int i = 0; i < texts.length; i++) {
            tokens[i] = 100 + from + i;
        }
        return new TokenChunk(from, tokens, List.of(texts), new float[texts.length], null);
    }

    @Test
    void signedChunksReachTheAnswerInOrder() {
        streams.open("req-1", "m", answer);
        StreamChain car = StreamChain.start("req-1", "m");

        assertThat(streams.deliver("car-1", "req-1", sign(honest, car, chunk(0, "In", " the")))).isTrue();
        assertThat(streams.deliver("car-1", "req-1", sign(honest, car, chunk(2, " beginning")))).isTrue();

        assertThat(shown).hasToString("In the beginning");
        assertThat(refused).isEmpty();
    }

    @Test
    void aChunkResentAfterALostAcknowledgementIsTakenOnce() {
        streams.open("req-1", "m", answer);
        StreamChain car = StreamChain.start("req-1", "m");
        TokenChunk first = sign(honest, car, chunk(0, "In"));

        assertThat(streams.deliver("car-1", "req-1", first)).isTrue();
        assertThat(streams.deliver("car-1", "req-1", first)).isTrue();
        assertThat(streams.deliver("car-1", "req-1", sign(honest, car, chunk(1, " the")))).isTrue();

        assertThat(shown).hasToString("In the");
        assertThat(refused).isEmpty();
    }

    @Test
    void aChangedChunkIsRefusedWholeAndEndsTheCarsPart() {
        streams.open("req-1", "m", answer);
        StreamChain car = StreamChain.start("req-1", "m");
        assertThat(streams.deliver("car-1", "req-1", sign(honest, car, chunk(0, "In", " the")))).isTrue();
        TokenChunk signed = sign(honest, car, chunk(2, " beginning"));
        TokenChunk changed = new TokenChunk(2, signed.tokens(), List.of(" end"), signed.logprobs(), null,
                signed.signature());

        assertThat(streams.deliver("car-1", "req-1", changed)).isFalse();
        // The car's part is over: even its honest chunk is not taken any more.
        assertThat(streams.deliver("car-1", "req-1", signed)).isFalse();

        assertThat(shown).hasToString("In the");
        assertThat(answer.size()).isEqualTo(2);
        assertThat(refused).containsExactly("car-1/req-1");
    }

    @Test
    void aDroppedChunkBreaksTheChainAndSoDoesAnotherCarsKey() {
        streams.open("req-1", "m", answer);
        StreamChain car = StreamChain.start("req-1", "m");
        sign(honest, car, chunk(0, "In")); // sent, never arrived
        assertThat(streams.deliver("car-1", "req-1", sign(honest, car, chunk(0, "In", " the")))).isFalse();

        streams.open("req-2", "m", answer);
        assertThat(streams.deliver("car-1", "req-2", sign(other, StreamChain.start("req-2", "m"), chunk(0, "In"))))
                .isFalse();

        assertThat(shown).isEmpty();
        assertThat(refused).containsExactly("car-1/req-1", "car-1/req-2");
    }

    @Test
    void anUnsignedChunkOrAKeylessCarIsRefused() {
        streams.open("req-1", "m", answer);
        assertThat(streams.deliver("car-1", "req-1", chunk(0, "In"))).isFalse();
        streams.open("req-2", "m", answer);
        assertThat(streams.deliver("car-9", "req-2", sign(honest, StreamChain.start("req-2", "m"), chunk(0, "In"))))
                .isFalse();

        assertThat(shown).isEmpty();
        assertThat(refused).containsExactly("car-1/req-1", "car-9/req-2/keyless");
    }

    private static TokenChunk sign(KeyPair car, StreamChain chain, TokenChunk chunk) {
        return chunk.withSignature(CarKeys.sign(car.getPrivate(), chain.next(chunk)));
    }
}
