package io.terafleet.coordinator.cars;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The one-way hash under which the store keeps enrollment tokens and car credentials. */
public final class Secrets {
    private Secrets() {
    }

    /**
     * SHA-256 of the UTF-8 bytes, as 64 lowercase hex digits. No salt is needed: the secrets hashed
     * here are random and long, not passwords a person chose, so they cannot be guessed from a table.
     */
    public static String sha256Hex(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
