package io.terafleet.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.api.GenerationOutput;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.TensorData;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnlineAnswerDigestTest {
    private static final OnlineResult VECTORS = new OnlineResult(List.of("AACAPw==", "AAAAAA=="), 5, null, null, null);

    @Test
    void canonicalFormIsFixedByteForByte() {
        byte[] form = OnlineAnswerDigest.canonical("R", "m", new OnlineResult(List.of("QQ=="), 2, null, null, null));
        assertThat(HexFormat.of().formatHex(form)).isEqualTo(
                "00000013" + HexFormat.of().formatHex("terafleet-online-v1".getBytes())
                        + "0000000152" + "000000016d"
                        + "00000001" + "00000004" + HexFormat.of().formatHex("QQ==".getBytes())
                        + "01" + "00000002"
                        + "ffffffff"   // no outputs
                        + "ffffffff"   // no error
                        + "00"         // retryable absent
                        + "00");       // no generation
    }

    @Test
    void everyFieldChangesTheDigestButComputeTimeAndSignatureDoNot() {
        byte[] base = OnlineAnswerDigest.of("req-1", "model-a", VECTORS);
        assertThat(OnlineAnswerDigest.of("req-1", "model-a", VECTORS)).isEqualTo(base);
        assertThat(OnlineAnswerDigest.of("req-2", "model-a", VECTORS)).isNotEqualTo(base);
        assertThat(OnlineAnswerDigest.of("req-1", "model-b", VECTORS)).isNotEqualTo(base);
        assertThat(OnlineAnswerDigest.of("req-1", "model-a",
                new OnlineResult(List.of("AACAPw==", "AAAAAB=="), 5, null, null, null))).isNotEqualTo(base);
        assertThat(OnlineAnswerDigest.of("req-1", "model-a",
                new OnlineResult(List.of("AACAPw==", "AAAAAA=="), 6, null, null, null))).isNotEqualTo(base);
        assertThat(OnlineAnswerDigest.of("req-1", "model-a", OnlineResult.failed("x", true))).isNotEqualTo(
                OnlineAnswerDigest.of("req-1", "model-a", OnlineResult.failed("x", false)));
        assertThat(OnlineAnswerDigest.of("req-1", "model-a", VECTORS.withComputeNanos(12_345))).isEqualTo(base);
        assertThat(OnlineAnswerDigest.of("req-1", "model-a", VECTORS.withSignature("c2ln"))).isEqualTo(base);
    }

    @Test
    void tensorsAndGenerationsAreCovered() {
        var tensor = new OnlineResult(null, null, List.of(new TensorData("y", "FP32", new long[] {1, 2}, "AAAA")),
                null, null);
        var reshaped = new OnlineResult(null, null, List.of(new TensorData("y", "FP32", new long[] {2, 1}, "AAAA")),
                null, null);
        assertThat(OnlineAnswerDigest.of("r", "m", tensor)).isNotEqualTo(OnlineAnswerDigest.of("r", "m", reshaped));

        var text = OnlineResult.generated(new GenerationOutput(new int[] {1, 2}, new float[] {-0.5f, -1f}, "stop", 3));
        var otherToken = OnlineResult.generated(
                new GenerationOutput(new int[] {1, 3}, new float[] {-0.5f, -1f}, "stop", 3));
        var otherLogprob = OnlineResult.generated(
                new GenerationOutput(new int[] {1, 2}, new float[] {-0.5f, -1.5f}, "stop", 3));
        byte[] base = OnlineAnswerDigest.of("r", "m", text);
        assertThat(OnlineAnswerDigest.of("r", "m", otherToken)).isNotEqualTo(base);
        assertThat(OnlineAnswerDigest.of("r", "m", otherLogprob)).isNotEqualTo(base);
    }

    @Test
    void lengthPrefixesKeepFieldBoundaries() {
        assertThat(OnlineAnswerDigest.of("ab", "c", VECTORS)).isNotEqualTo(OnlineAnswerDigest.of("a", "bc", VECTORS));
    }

    @Test
    void aSignedAnswerVerifiesOnlyWithTheCarsKeyForItsRequest() {
        KeyPair car = CarKeys.generate();
        String signature = CarKeys.sign(car.getPrivate(), OnlineAnswerDigest.of("req-1", "model-a", VECTORS));
        assertThat(CarKeys.verify(car.getPublic(), OnlineAnswerDigest.of("req-1", "model-a", VECTORS), signature))
                .isTrue();
        assertThat(CarKeys.verify(car.getPublic(), OnlineAnswerDigest.of("req-9", "model-a", VECTORS), signature))
                .isFalse();
        assertThat(CarKeys.verify(CarKeys.generate().getPublic(),
                OnlineAnswerDigest.of("req-1", "model-a", VECTORS), signature)).isFalse();
    }
}
