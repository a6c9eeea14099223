package io.terafleet.generation;

import io.terafleet.core.model.ModelCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The generative models that ship inside this jar ({@code /models/<name>/}), laid out on disk where ONNX
 * Runtime can map them. The graph and tokenizer must hash to what {@link ModelCatalog} registers; other
 * bytes are refused rather than run.
 */
public final class BuiltInGenerationModels {

    static final List<String> FILES = List.of("model.onnx", "tokenizer.json", "generation.json");

    /**
     * Fetches a file this jar does not carry (the agent distribution leaves the weights out) into {@code target};
     * its bytes are checked against the catalog's {@code sha256} after it arrives.
     */
    @FunctionalInterface
    public interface Fetch {
        void into(String model, String file, String sha256, Path target) throws IOException;

        Fetch NONE = (model, file, sha256, target) -> {
            throw new IOException("model " + model + ": /models/" + model + "/" + file + " is not in this jar");
        };
    }

    private BuiltInGenerationModels() {
    }

    /**
     * Extracts the named model once into {@code cacheRoot/<name>-<sha256 prefix>/} and returns that folder,
     * ready for {@link GenerationEngine#open}.
     *
     * @throws IllegalArgumentException if no generative model of that name is registered
     * @throws IOException              if the files are missing from the jar or their hashes differ from the catalog
     */
    public static Path extract(String name, Path cacheRoot) throws IOException {
        return extract(name, cacheRoot, Fetch.NONE);
    }

    /** As {@link #extract(String, Path)}, fetching the hashed files this jar does not carry with {@code missing}. */
    public static Path extract(String name, Path cacheRoot, Fetch missing) throws IOException {
        return extract(name, cacheRoot, missing, BuiltInGenerationModels.class::getResourceAsStream);
    }

    /** As above, reading the jar's resources through {@code jar} (null for a resource it does not carry). */
    static Path extract(String name, Path cacheRoot, Fetch missing,
                        java.util.function.Function<String, InputStream> jar) throws IOException {
        ModelCatalog.ModelInfo registered = ModelCatalog.findGenerative(name).orElseThrow(() ->
                new IllegalArgumentException("model: no text-generation model named \"" + name + "\"; known: "
                        + ModelCatalog.generative().stream().map(ModelCatalog.ModelInfo::name).toList()));
        Path dir = cacheRoot.resolve(name + "-" + registered.sha256().substring(0, 16));
        Files.createDirectories(dir);
        for (String file : FILES) {
            Path target = dir.resolve(file);
            String expected = switch (file) {
                case "model.onnx" -> registered.sha256();
                case "tokenizer.json" -> registered.tokenizerSha256();
                default -> null;
            };
            String hash = Files.exists(target) ? sha256(target) : copyOut(name, file, target, expected, missing, jar);
            if (expected != null && !expected.equals(hash)) {
                Files.deleteIfExists(target);
                throw new IOException("model " + name + ": " + file + " has SHA-256 " + hash
                        + ", but the catalog registers " + expected + "; refusing to run it");
            }
        }
        return dir;
    }

    private static String copyOut(String name, String file, Path target, String expected, Fetch missing,
                                  java.util.function.Function<String, InputStream> jar) throws IOException {
        String resource = "/models/" + name + "/" + file;
        Path partial = Files.createTempFile(target.getParent(), file, ".part");
        try (InputStream in = jar.apply(resource)) {
            if (in == null) {
                (expected == null ? Fetch.NONE : missing).into(name, file, expected, partial);
            } else {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            String hash = sha256(partial); // the caller compares it with the catalog before anything runs it
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return hash;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
