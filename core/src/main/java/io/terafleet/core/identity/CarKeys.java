package io.terafleet.core.identity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A car's own Ed25519 key pair (the JDK's), made at enrollment: the public key travels in the enrollment body as
 * base64 of its X.509 encoding, the private key stays with the car (base64 of PKCS#8). Results are signed over
 * their {@link ResultDigest}; a signature travels as base64 of its 64 bytes.
 *
 * <p>Keys are the JDK's objects; the signing and checking arithmetic is Bouncy Castle's RFC 8032 code, which
 * costs 35-55 us per signature and about 100 us per check here against the JDK provider's 750-900 us each
 * (thread CPU time, ADR 0019). Ed25519 is deterministic, so both produce the same signature bytes; a test keeps
 * them equal.
 */
public final class CarKeys {
    public static final String ALGORITHM = "Ed25519";
    /** Longest base64 public key accepted (an Ed25519 X.509 encoding is 44 bytes, 60 characters). */
    public static final int MAX_PUBLIC_KEY_CHARS = 100;
    /** SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (33 bytes) }: what precedes the point in X.509. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private CarKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }

    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static String encode(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** The public key in {@code base64}, or empty when it is not base64 of an Ed25519 X.509 public key. */
    public static Optional<PublicKey> publicKey(String base64) {
        if (base64 == null || base64.length() > MAX_PUBLIC_KEY_CHARS) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64))));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** @throws IllegalArgumentException when {@code base64} is not an Ed25519 PKCS#8 private key */
    public static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("privateKey: not an " + ALGORITHM + " PKCS#8 key", e);
        }
    }

    /** Base64 of the Ed25519 signature of {@code digest}. */
    public static String sign(PrivateKey key, byte[] digest) {
        return sign(signingKey(key), digest);
    }

    /**
     * A private key ready to sign: its seed and its public point, derived once. RFC 8032 signing needs the public
     * point; derived per signature it is a second scalar multiplication (and inversion) as costly as the signature's
     * own, so a car that signs many completions keeps this.
     */
    public static final class SigningKey {
        private final byte[] seed;
        private final byte[] point;

        private SigningKey(byte[] seed, byte[] point) {
            this.seed = seed;
            this.point = point;
        }
    }

    /** @throws IllegalArgumentException when {@code key} is not an Ed25519 private key */
    public static SigningKey signingKey(PrivateKey key) {
        byte[] seed = key instanceof EdECPrivateKey ed ? ed.getBytes().orElse(null) : null;
        if (seed == null || seed.length != Ed25519.SECRET_KEY_SIZE) {
            throw new IllegalArgumentException("cannot sign with this key: not an " + ALGORITHM + " private key");
        }
        byte[] point = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, point, 0);
        return new SigningKey(seed, point);
    }

    /** Base64 of the Ed25519 signature of {@code digest}: the same bytes as {@link #sign(PrivateKey, byte[])}. */
    public static String sign(SigningKey key, byte[] digest) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(key.seed, 0, key.point, 0, digest, 0, digest.length, signature, 0);
        return Base64.getEncoder().encodeToString(signature);
    }

    /** Whether {@code signatureBase64} is {@code key}'s signature of {@code digest}; malformed is false. */
    public static boolean verify(PublicKey key, byte[] digest, String signatureBase64) {
        if (signatureBase64 == null || signatureBase64.length() > 200) {
            return false;
        }
        byte[] point = rawPublicKey(key);
        if (point == null) {
            return false;
        }
        Ed25519.PublicPoint decoded = decoded(point);
        if (decoded == null) {
            return false;
        }
        try {
            byte[] signature = Base64.getDecoder().decode(signatureBase64);
            return signature.length == Ed25519.SIGNATURE_SIZE
                    && Ed25519.verify(signature, 0, decoded, digest, 0, digest.length);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Decoded public points by their encoding, at most {@link #KEPT_POINTS}: a coordinator checks the same cars' keys. */
    private static final java.util.Map<java.nio.ByteBuffer, Ed25519.PublicPoint> POINTS =
            new java.util.concurrent.ConcurrentHashMap<>();
    static final int KEPT_POINTS = 100_000;

    /**
     * The public point, decoded and validated once per key (decoding is a square root, about a tenth of a check's
     * cost); null when the encoding is not a valid point.
     */
    private static Ed25519.PublicPoint decoded(byte[] point) {
        java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(point);
        Ed25519.PublicPoint known = POINTS.get(key);
        if (known != null) {
            return known;
        }
        Ed25519.PublicPoint fresh = Ed25519.validatePublicKeyFullExport(point, 0);
        if (fresh != null) {
            if (POINTS.size() >= KEPT_POINTS) {
                POINTS.clear();
            }
            POINTS.put(key, fresh);
        }
        return fresh;
    }

    /** The 32-byte encoded point that ends an Ed25519 X.509 encoding, or null for any other key. */
    private static byte[] rawPublicKey(PublicKey key) {
        if (!(key instanceof EdECPublicKey)) {
            return null;
        }
        byte[] encoded = key.getEncoded();
        if (encoded == null || encoded.length != X509_PREFIX.length + Ed25519.PUBLIC_KEY_SIZE
                || !java.util.Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            return null;
        }
        return java.util.Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
    }
}
