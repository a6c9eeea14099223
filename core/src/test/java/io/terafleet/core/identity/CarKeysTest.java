package io.terafleet.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The signing arithmetic against the JDK's own Ed25519 provider as the reference: Ed25519 is deterministic, so for
 * every key and digest both must produce the same 64 bytes, and each must accept the other's signature.
 */
class CarKeysTest {

    static Stream<Long> seeds() {
        return IntStream.range(0, 40).mapToObj(i -> 0x5eed_0000L + i);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void signaturesAreTheJdkProvidersAndCheckBothWays(long seed) throws Exception {
        var random = new Random(seed);
        KeyPair keys = keyPair(seed);
        byte[] digest = new byte[random.nextInt(2) == 0 ? 32 : random.nextInt(200)];
        random.nextBytes(digest);

        String ours = CarKeys.sign(keys.getPrivate(), digest);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(keys.getPrivate());
        jdk.update(digest);
        byte[] reference = jdk.sign();

        assertThat(Base64.getDecoder().decode(ours)).isEqualTo(reference);
        assertThat(CarKeys.sign(CarKeys.signingKey(keys.getPrivate()), digest)).as("a kept signing key").isEqualTo(ours);
        assertThat(CarKeys.verify(keys.getPublic(), digest, Base64.getEncoder().encodeToString(reference))).isTrue();
        Signature check = Signature.getInstance("Ed25519");
        check.initVerify(keys.getPublic());
        check.update(digest);
        assertThat(check.verify(Base64.getDecoder().decode(ours))).isTrue();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void anyChangedBitOrAnotherKeyIsRefused(long seed) throws Exception {
        var random = new Random(seed);
        KeyPair keys = keyPair(seed);
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        byte[] signature = Base64.getDecoder().decode(CarKeys.sign(keys.getPrivate(), digest));

        byte[] otherDigest = digest.clone();
        otherDigest[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
        byte[] otherSignature = signature.clone();
        otherSignature[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));

        assertThat(CarKeys.verify(keys.getPublic(), otherDigest, encode(signature))).isFalse();
        assertThat(CarKeys.verify(keys.getPublic(), digest, encode(otherSignature))).isFalse();
        assertThat(CarKeys.verify(keyPair(seed + 1_000).getPublic(), digest, encode(signature))).isFalse();
    }

    @Test
    void malformedSignaturesAndKeysAreFalseNotErrors() throws Exception {
        KeyPair keys = keyPair(1);
        byte[] digest = new byte[32];
        assertThat(CarKeys.verify(keys.getPublic(), digest, null)).isFalse();
        assertThat(CarKeys.verify(keys.getPublic(), digest, "not base64 !")).isFalse();
        assertThat(CarKeys.verify(keys.getPublic(), digest, encode(new byte[63]))).isFalse();
        assertThat(CarKeys.verify(keys.getPublic(), digest, encode(new byte[64]))).isFalse();
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        assertThat(CarKeys.verify(rsa.getPublic(), digest, CarKeys.sign(keys.getPrivate(), digest))).isFalse();
        assertThatThrownBy(() -> CarKeys.sign(rsa.getPrivate(), digest)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Ed25519");
    }

    @Test
    void aKeyThatTravelledAsTextSignsAndChecksTheSame() {
        KeyPair keys = keyPair(7);
        byte[] digest = new byte[32];
        String signature = CarKeys.sign(CarKeys.privateKey(CarKeys.encode(keys.getPrivate())), digest);
        assertThat(CarKeys.verify(CarKeys.publicKey(CarKeys.encode(keys.getPublic())).orElseThrow(), digest,
                signature)).isTrue();
    }

    private static KeyPair keyPair(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, random);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
