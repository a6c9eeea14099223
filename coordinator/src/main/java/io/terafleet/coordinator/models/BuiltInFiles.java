package io.terafleet.coordinator.models;

import io.terafleet.core.model.BuiltInResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Optional;

/**
 * The built-in models' files as the coordinator's own classpath holds them, served to cars that do not carry
 * them (the agent distribution carries no weights). The car checks every byte against the catalog's SHA-256,
 * so the coordinator streams them without hashing them again.
 */
public final class BuiltInFiles {
    private BuiltInFiles() {
    }

    /** A built-in file this process can serve: where it is and its size. */
    public record File(URL url, long size) {
        public InputStream open() throws IOException {
            return url.openStream();
        }
    }

    /** The built-in model's file with this hash, if the catalog names it and this classpath carries it. */
    public static Optional<File> find(String model, String sha256) {
        return BuiltInResources.resourceOf(model, sha256).flatMap(resource -> {
            URL url = BuiltInFiles.class.getResource(resource);
            return url == null ? Optional.empty() : Optional.of(new File(url, size(url)));
        });
    }

    /** The file's size, or -1 when this classpath does not carry it. */
    static long sizeOf(String model, String sha256) {
        return find(model, sha256).map(File::size).orElse(-1L);
    }

    private static long size(URL url) {
        try {
            return url.openConnection().getContentLengthLong();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + url, e);
        }
    }
}
