package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke run of the generation benchmark at a tiny size on the shipped model; the figures come from real runs. */
class BenchGenerateCommandTest {
    @Test
    void aTinyRunReportsTokensPerSecondForEachConcurrency(@TempDir Path cache) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.run("bench-generate", "--model", "kjv-gpt", "--model-cache", cache.toString(), "--threads", "1",
                    "--requests", "4", "--max-tokens", "8", "--concurrency", "1,2");
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        assertThat(printed).contains("kjv-gpt (3 layers, 4 heads x 32)")
                .containsPattern("round 1, concurrency  1: +\\d+ tokens in .* tokens/s")
                .containsPattern("round 1, concurrency  2: +\\d+ tokens in .* tokens/s");
    }
}
