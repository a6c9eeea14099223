package io.terafleet.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime's native libraries come from a kept folder, and a process that ran it leaves its temp folder empty. */
class OrtNativesTest {
    @TempDir
    Path dir;

    @Test
    void theLibrariesAreUnpackedOnceIntoAFolderNamedByTheirHash() throws Exception {
        Path folder = OrtNatives.unpack(dir);
        assertThat(folder).isNotNull();
        assertThat(folder.getFileName().toString()).matches("onnxruntime-[0-9a-f]{16}");
        Path library = folder.resolve("libonnxruntime.so");
        assertThat(library).isRegularFile();
        assertThat(folder.resolve("libonnxruntime4j_jni.so")).isRegularFile();
        long modified = Files.getLastModifiedTime(library).toMillis();

        assertThat(OrtNatives.unpack(dir)).isEqualTo(folder);
        assertThat(Files.getLastModifiedTime(library).toMillis()).as("kept, not written again").isEqualTo(modified);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("libonnxruntime.so", "libonnxruntime4j_jni.so");
        }
    }

    @Test
    void aProcessThatLoadedOnnxRuntimeLeavesNothingInTheTemporaryFolder() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path home = Files.createDirectories(dir.resolve("home"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-Djava.io.tmpdir=" + tmp, "-Duser.home=" + home,
                "-cp", System.getProperty("java.class.path"), LoadsOnnxRuntime.class.getName()))
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("onnxruntime loaded from " + home.resolve(".cache/terafleet"));
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.toList()).as("left in the temporary folder").isEmpty();
        }
    }

    /** A process that loads ONNX Runtime the project's way and exits. */
    public static final class LoadsOnnxRuntime {
        public static void main(String[] args) {
            OrtNatives.environment();
            System.out.println("onnxruntime loaded from " + System.getProperty(OrtNatives.NATIVE_PATH));
        }
    }
}
