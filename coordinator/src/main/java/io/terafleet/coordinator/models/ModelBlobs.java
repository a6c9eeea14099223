package io.terafleet.coordinator.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Model files on the coordinator's disk, each named by the SHA-256 of its bytes. A file is written to a
 * temporary name while it is hashed, flushed, then renamed, so a name always holds exactly the bytes it names.
 */
public final class ModelBlobs {
    /** A stored file: its hash (and name) and size. */
    public record Blob(String sha256, long size) {
    }

    private final Path directory;

    public ModelBlobs(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    /** Streams {@code in} into the store; reads at most {@code maxBytes}, else fails naming the limit. */
    public Blob store(InputStream in, long maxBytes) throws IOException {
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, ".upload-", ".tmp");
        try {
            MessageDigest digest = sha256();
            long size;
            try (InputStream hashed = new DigestInputStream(in, digest)) {
                size = copyBounded(hashed, temp, maxBytes);
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            Path target = path(sha);
            if (!Files.isRegularFile(target) || Files.size(target) != size) {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return new Blob(sha, size);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public Blob store(Path file, long maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return store(in, maxBytes);
        }
    }

    public Path path(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256: 64 lower-case hex digits required, was " + sha256);
        }
        return directory.resolve(sha256);
    }

    public Optional<Path> find(String sha256) {
        Path p = path(sha256);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    private static long copyBounded(InputStream in, Path target, long maxBytes) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (var out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new IllegalArgumentException("file: larger than the limit of " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM must provide SHA-256", e);
        }
    }
}
