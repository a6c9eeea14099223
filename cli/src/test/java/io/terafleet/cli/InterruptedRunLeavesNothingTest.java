package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code terafleet demo} in its own process, interrupted with SIGINT (Ctrl-C) mid-job: it stops, and the system
 * temporary folder it was given holds nothing new (no H2 store, no model folder, no socket).
 */
class InterruptedRunLeavesNothingTest {
    @TempDir
    Path dir;

    @Test
    void ctrlCDuringTheDemoLeavesNothingInTheTemporaryFolder() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path log = dir.resolve("demo.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process demo = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), "io.terafleet.cli.Main",
                "demo", "--cars", "1", "--sentences", "2000", "--out", dir.resolve("demo.jsonl").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.readString(log).contains("submitted job"));
            assertThat(listing(tmp)).as("the demo's store is in the temporary folder while it runs")
                    .anyMatch(name -> name.startsWith("terafleet-demo-"));
            new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("the demo stops on SIGINT").isTrue();
            assertThat(listing(tmp)).as("left in the temporary folder; demo output:%n%s", Files.readString(log))
                    .isEmpty();
        } finally {
            demo.destroyForcibly();
        }
    }

    private static List<String> listing(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
