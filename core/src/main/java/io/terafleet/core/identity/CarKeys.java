package io.terafleet.core.identity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * A car's own Ed25519 key pair (the JDK's), made at enrollment: the public key travels in the enrollment body as
 * base64 of its X.509 encoding, the private key stays with the car (base64 of PKCS#8). Results are signed over
 * their {@link ResultDigest}; a signature travels as base64 of its 64 bytes.
 */
public final class CarKeys {
    public static final String ALGORITHM = "Ed25519";
    /** Longest base64 public key accepted (an Ed25519 X.509 encoding is 44 bytes, 60 characters). */
    public static final int MAX_PUBLIC_KEY_CHARS = 100;

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
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(digest);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key", e);
        }
    }

    /** Whether {@code signatureBase64} is {@code key}'s signature of {@code digest}; malformed is false. */
    public static boolean verify(PublicKey key, byte[] digest, String signatureBase64) {
        if (signatureBase64 == null || signatureBase64.length() > 200) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(digest);
            return verifier.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }
}
