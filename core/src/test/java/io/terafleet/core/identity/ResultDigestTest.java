package io.terafleet.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.api.InputResult;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultDigestTest {
    private static final List<InputResult> RESULTS = List.of(new InputResult(3, new float[] {0.6f, 0.8f}, 5),
            new InputResult(4, new float[] {1f, 0f}, null));

    @Test
    void canonicalFormIsFixedByteForByte() {
        byte[] form = ResultDigest.canonical("complete", "L", "U", List.of(new InputResult(2, new float[] {1f}, 7)),
                0.5);
        assertThat(HexFormat.of().formatHex(form)).isEqualTo(
                "00000013" + HexFormat.of().formatHex("terafleet-result-v1".getBytes())
                        + "00000008" + HexFormat.of().formatHex("complete".getBytes())
                        + "000000014c" + "0000000155"
                        + "00000001" + "00000002" + "00000007" + "00000001" + "0000803f"
                        + "01" + "3fe0000000000000");
    }

    @Test
    void everyFieldChangesTheDigest() {
        byte[] base = ResultDigest.of("complete", "lease-1", "unit-1", RESULTS, 1.25);
        assertThat(ResultDigest.of("complete", "lease-1", "unit-1", RESULTS, 1.25)).isEqualTo(base);
        assertThat(ResultDigest.of("release", "lease-1", "unit-1", RESULTS, 1.25)).isNotEqualTo(base);
        assertThat(ResultDigest.of("complete", "lease-2", "unit-1", RESULTS, 1.25)).isNotEqualTo(base);
        assertThat(ResultDigest.of("complete", "lease-1", "unit-2", RESULTS, 1.25)).isNotEqualTo(base);
        assertThat(ResultDigest.of("complete", "lease-1", "unit-1", RESULTS, 1.26)).isNotEqualTo(base);
        assertThat(ResultDigest.of("complete", "lease-1", "unit-1", RESULTS, null)).isNotEqualTo(base);
        assertThat(ResultDigest.of("complete", "lease-1", "unit-1", RESULTS.subList(0, 1), 1.25)).isNotEqualTo(base);
        var otherIndex = List.of(new InputResult(5, new float[] {0.6f, 0.8f}, 5), RESULTS.get(1));
        var otherTokens = List.of(new InputResult(3, new float[] {0.6f, 0.8f}, 6), RESULTS.get(1));
        var otherValue = List.of(new InputResult(3, new float[] {0.6f, 0.80001f}, 5), RESULTS.get(1));
        assertThat(ResultDigest.of("complete", "lease-1", "unit-1", otherIndex, 1.25)).isNotEqualTo(base);
        assertThat(ResultDigest.of("complete", "lease-1", "unit-1", otherTokens, 1.25)).isNotEqualTo(base);
        assertThat(ResultDigest.of("complete", "lease-1", "unit-1", otherValue, 1.25)).isNotEqualTo(base);
    }

    @Test
    void lengthPrefixesKeepFieldBoundaries() {
        assertThat(ResultDigest.of("complete", "ab", "c", List.of(), null))
                .isNotEqualTo(ResultDigest.of("complete", "a", "bc", List.of(), null));
    }

    @Test
    void aSignatureVerifiesOnlyWithItsKeyAndItsDigest() {
        KeyPair car = CarKeys.generate();
        KeyPair thief = CarKeys.generate();
        byte[] digest = ResultDigest.of("complete", "lease-1", "unit-1", RESULTS, 1.25);
        String signature = CarKeys.sign(car.getPrivate(), digest);
        var published = CarKeys.publicKey(CarKeys.encode(car.getPublic())).orElseThrow();

        assertThat(CarKeys.verify(published, digest, signature)).isTrue();
        assertThat(CarKeys.verify(published, digest, CarKeys.sign(thief.getPrivate(), digest))).isFalse();
        assertThat(CarKeys.verify(published, ResultDigest.of("complete", "lease-1", "unit-1", RESULTS, 9.0),
                signature)).isFalse();
        assertThat(CarKeys.verify(published, digest, "not base64!")).isFalse();
        assertThat(CarKeys.verify(published, digest, null)).isFalse();
    }

    @Test
    void keysRoundTripThroughTheirTextForms() {
        KeyPair car = CarKeys.generate();
        byte[] digest = ResultDigest.of("release", "l", "u", List.of(), 0.0);
        var restored = CarKeys.privateKey(CarKeys.encode(car.getPrivate()));
        assertThat(CarKeys.verify(car.getPublic(), digest, CarKeys.sign(restored, digest))).isTrue();
        assertThat(CarKeys.publicKey("AAAA")).isEmpty();
        assertThat(CarKeys.publicKey("x".repeat(CarKeys.MAX_PUBLIC_KEY_CHARS + 1))).isEmpty();
    }
}
