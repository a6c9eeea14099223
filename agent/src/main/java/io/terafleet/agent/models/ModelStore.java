package io.terafleet.agent.models;

import io.terafleet.agent.inference.ModelRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The car's cache of registered model files, named by SHA-256, within a disk budget: when a new file does not
 * fit, the least recently used files go first (use time is the file's modification time, so it survives a
 * restart). Files in use are pinned and never evicted. Every file is hashed when it arrives and again before
 * it is loaded; bytes that do not match the registered hash are deleted and refused.
 */
public final class ModelStore {
    /** Fetches the bytes of one file into {@code target}; where from is the caller's business. */
    @FunctionalInterface
    public interface Download {
        void into(Path target) throws IOException;
    }

    private final Path directory;
    private final long budgetBytes;
    private final Clock clock;
    private final Set<String> pinned = new HashSet<>();

    public ModelStore(Path directory, long budgetBytes, Clock clock) {
        if (budgetBytes < 1) {
            throw new IllegalArgumentException("budgetBytes: must be at least 1, was " + budgetBytes);
        }
        this.directory = directory.toAbsolutePath().normalize();
        this.budgetBytes = budgetBytes;
        this.clock = clock;
    }

    public Path directory() {
        return directory;
    }

    /**
     * The verified file with this hash, downloading it first if it is not cached. The file stays pinned (not
     * evictable) until {@link #unpin}.
     *
     * @param size expected size in bytes, for the budget
     * @throws ModelRefusedException if the bytes do not hash to {@code sha256}, or the file can never fit the budget
     */
    public synchronized Path fetch(String sha256, long size, Download download) throws IOException {
        requireHash(sha256);
        Path target = directory.resolve(sha256);
        if (!Files.isRegularFile(target)) {
            if (size > budgetBytes) {
                throw new ModelRefusedException("a model file of " + size + " bytes exceeds the car's model budget of "
                        + budgetBytes + " bytes");
            }
            Files.createDirectories(directory);
            evictFor(size);
            Path temp = Files.createTempFile(directory, ".download-", ".tmp");
            try {
                download.into(temp);
                String actual = sha256(temp);
                if (!actual.equals(sha256)) {
                    throw new ModelRefusedException("downloaded bytes hash to " + actual + ", not the registered "
                            + sha256 + "; refused");
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        verify(target, sha256);
        Files.setLastModifiedTime(target, FileTime.from(clock.instant()));
        pinned.add(sha256);
        return target;
    }

    public synchronized void unpin(String sha256) {
        pinned.remove(sha256);
    }

    /** Bytes the cached files take. */
    public synchronized long usedBytes() throws IOException {
        return cached().stream().mapToLong(ModelStore::size).sum();
    }

    /** Checks a cached file before it is loaded: changed bytes on disk are deleted, not run. */
    static void verify(Path file, String sha256) throws IOException {
        String actual = sha256(file);
        if (!actual.equals(sha256)) {
            Files.deleteIfExists(file);
            throw new ModelRefusedException("cached model file " + file + " hashes to " + actual + ", not the registered "
                    + sha256 + "; deleted and refused");
        }
    }

    private void evictFor(long size) throws IOException {
        List<Path> files = new ArrayList<>(cached());
        long used = files.stream().mapToLong(ModelStore::size).sum();
        files.sort(Comparator.comparing(ModelStore::lastUsed));
        for (Path file : files) {
            if (used + size <= budgetBytes) {
                return;
            }
            if (!pinned.contains(file.getFileName().toString())) {
                used -= size(file);
                Files.deleteIfExists(file);
            }
        }
        if (used + size > budgetBytes) {
            throw new ModelRefusedException("no room for a model file of " + size + " bytes: the models in use take "
                    + used + " of the budget of " + budgetBytes + " bytes");
        }
    }

    private List<Path> cached() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().matches("[0-9a-f]{64}")).toList();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime lastUsed(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM must provide SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void requireHash(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new ModelRefusedException("not a SHA-256: " + sha256);
        }
    }
}
