package io.terafleet.generation;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime's environment, its native libraries loaded from a folder this project keeps rather than from the
 * temporary folder. Left alone, the library unpacks its two native libraries into a new temporary folder on every
 * start and asks the JVM to delete the folder before the files in it (the JVM deletes in reverse order of the
 * requests), so every process that ran inference left an empty {@code onnxruntime-java*} folder behind. Unpacked
 * once into {@code ~/.cache/terafleet/onnxruntime-<hash>} (named by the libraries' SHA-256, written by atomic
 * rename, so concurrent processes and other versions never see a half-written file) and pointed at with
 * {@code onnxruntime.native.path}, the temporary folder the library still makes stays empty and is deleted at exit.
 */
public final class OrtNatives {
    static final String NATIVE_PATH = "onnxruntime.native.path";
    private static final Logger log = LoggerFactory.getLogger(OrtNatives.class);
    private static final List<String> LIBRARIES = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");

    private OrtNatives() {
    }

    /** The process's ONNX Runtime environment, its native libraries taken from the kept folder where possible. */
    public static synchronized OrtEnvironment environment() {
        if (System.getProperty(NATIVE_PATH) == null) {
            Path folder = unpack(Path.of(System.getProperty("user.home"), ".cache", "terafleet"));
            if (folder != null) {
                System.setProperty(NATIVE_PATH, folder.toString());
            }
        }
        return OrtEnvironment.getEnvironment();
    }

    /**
     * The folder under {@code cacheRoot} holding this platform's libraries as the ONNX Runtime jar ships them, made
     * if missing; null where the jar holds none for this platform or the folder cannot be written (the library then
     * unpacks them itself, as it would anyway).
     */
    static Path unpack(Path cacheRoot) {
        String platform = platform();
        if (platform == null) {
            return null;
        }
        try {
            byte[][] libraries = new byte[LIBRARIES.size()][];
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < LIBRARIES.size(); i++) {
                libraries[i] = resource("/ai/onnxruntime/native/" + platform + "/" + LIBRARIES.get(i));
                if (libraries[i] == null) {
                    return null;
                }
                sha.update(libraries[i]);
            }
            Path folder = cacheRoot.resolve("onnxruntime-" + HexFormat.of().formatHex(sha.digest(), 0, 8));
            Files.createDirectories(folder);
            for (int i = 0; i < LIBRARIES.size(); i++) {
                place(folder.resolve(LIBRARIES.get(i)), libraries[i]);
            }
            return folder;
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            log.debug("ONNX Runtime's native libraries stay in the temporary folder: {}", e.toString());
            return null;
        }
    }

    /** Writes {@code bytes} to {@code target} unless a file of that size is there, by rename from a private file. */
    private static void place(Path target, byte[] bytes) throws IOException {
        if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
            return;
        }
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
        try {
            Files.write(partial, bytes);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = OrtEnvironment.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /** The jar's folder name for this machine, as ONNX Runtime names it (Linux only: the cars' and servers' OS). */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return null;
        }
        return switch (arch) {
            case "amd64", "x86_64" -> "linux-x64";
            case "aarch64", "arm64" -> "linux-aarch64";
            default -> null;
        };
    }
}
