package io.terafleet.agent.inference;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies model resources out of their jars into a content-addressed directory
 * ({@code <sha256>.onnx}, {@code <sha256>.json}), because ONNX Runtime should map the model from a
 * file rather than hold a 90 MB byte array on the Java heap.
 *
 * <p>Start-up cost: the first open streams each resource once (hashing while copying). Later opens
 * read a small sidecar, {@code source-<id>.sha256}, keyed by the resource's URL, size and timestamp,
 * and trust the cached file if it exists with the recorded size; they do not re-hash 90 MB on every
 * start. A cached file corrupted in place without changing size is therefore not detected here;
 * deleting the cache directory forces a fresh, verified extraction.
 *
 * <p>Every file is written to a temp file in the same directory, fsynced, then renamed, so a crash or
 * power cut never leaves a half-written file under a final name, and concurrent processes at worst
 * extract the same bytes twice.
 */
final class ModelCache {

    private static final Logger log = LoggerFactory.getLogger(ModelCache.class);

    /** Serialises extraction within this JVM so parallel workers opening at start-up copy once. */
    private static final Object EXTRACTION_LOCK = new Object();

    /** Local paths of one model's files, each named by its SHA-256. */
    record ModelFiles(Path onnx, Path tokenizer) {
    }

    /** What the sidecar remembers about an extracted resource. */
    private record Extracted(String sha256, long size) {
    }

    private final Path directory;

    ModelCache(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    Path directory() {
        return directory;
    }

    /** Ensures both of the model's files are in the cache and returns their paths. */
    ModelFiles materialise(EmbeddingModelSpec spec) {
        return new ModelFiles(
                materialise(spec, spec.onnxResource(), ".onnx"),
                materialise(spec, spec.tokenizerResource(), ".json"));
    }

    /** Ensures one classpath resource of {@code spec} is in the cache; returns its content-addressed path. */
    Path materialise(EmbeddingModelSpec spec, String resource, String extension) {
        URL url = ModelCache.class.getResource(resource);
        if (url == null) {
            throw new EmbeddingException("model '" + spec.modelName() + "': classpath resource " + resource
                    + " not found; is " + spec.artifact() + " on the classpath?");
        }
        try {
            synchronized (EXTRACTION_LOCK) {
                Files.createDirectories(directory);
                String identity = describe(url);
                Path sidecar = sidecarFor(identity);
                Optional<Path> cached = lookup(sidecar, extension);
                if (cached.isPresent()) {
                    return cached.get();
                }
                Path target = extract(url, extension);
                writeSidecar(sidecar, target, identity);
                return target;
            }
        } catch (IOException e) {
            throw new EmbeddingException("model '" + spec.modelName() + "': cannot extract " + resource
                    + " into " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Resource identity: changes when the jar (and so possibly the bytes) changes. */
    private static String describe(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        return url.toExternalForm() + " size=" + connection.getContentLengthLong()
                + " modified=" + connection.getLastModified();
    }

    private Path sidecarFor(String identity) {
        String id = sha256Hex(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return directory.resolve("source-" + id + ".sha256");
    }

    /** The cached file recorded by the sidecar, if the sidecar is readable and the file has its size. */
    private Optional<Path> lookup(Path sidecar, String extension) throws IOException {
        Optional<Extracted> recorded = readSidecar(sidecar);
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        Path target = directory.resolve(recorded.get().sha256() + extension);
        boolean intact = Files.isRegularFile(target) && Files.size(target) == recorded.get().size();
        return intact ? Optional.of(target) : Optional.empty();
    }

    private static Optional<Extracted> readSidecar(Path sidecar) throws IOException {
        if (!Files.isRegularFile(sidecar)) {
            return Optional.empty();
        }
        String[] fields = Files.readString(sidecar, StandardCharsets.UTF_8).lines()
                .findFirst().orElse("").split(" ");
        if (fields.length != 2 || !fields[0].matches("[0-9a-f]{64}") || !fields[1].matches("[0-9]+")) {
            return Optional.empty(); // unreadable sidecar: re-extract and overwrite it
        }
        return Optional.of(new Extracted(fields[0], Long.parseLong(fields[1])));
    }

    /** Streams the resource to a temp file while hashing it, then renames it to its hash. */
    private Path extract(URL url, String extension) throws IOException {
        long started = System.nanoTime();
        Path temp = Files.createTempFile(directory, ".extract-", ".tmp");
        try {
            MessageDigest digest = newSha256();
            try (InputStream in = new DigestInputStream(url.openStream(), digest)) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            Path target = directory.resolve(HexFormat.of().formatHex(digest.digest()) + extension);
            if (Files.isRegularFile(target) && Files.size(target) == Files.size(temp)) {
                return target; // same bytes already cached under their hash: leave that file untouched
            }
            fsync(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.info("extracted {} to {} in {} ms", url, target, (System.nanoTime() - started) / 1_000_000);
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void writeSidecar(Path sidecar, Path target, String identity) throws IOException {
        String sha = target.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String content = sha + " " + Files.size(target) + "\n" + identity + "\n";
        Path temp = Files.createTempFile(directory, ".sidecar-", ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            fsync(temp);
            Files.move(temp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Flushes file data before the rename publishes it, so a power cut cannot leave a hole. */
    private static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM must provide SHA-256", e);
        }
    }
}
