package io.terafleet.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code terafleet} command in this JVM and keeps what it printed. One at a time: it swaps System.out and
 * System.err for the run.
 */
record CliRun(int exitCode, String out, String err) {
    private static final Object ONE_AT_A_TIME = new Object();

    static CliRun of(String... args) {
        synchronized (ONE_AT_A_TIME) {
            return new Running(args).run();
        }
    }

    /** Starts the command on its own thread; {@link Running#outSoFar()} shows its output while it runs. */
    static Running start(String... args) {
        var running = new Running(args);
        running.future = CompletableFuture.supplyAsync(() -> {
            synchronized (ONE_AT_A_TIME) {
                return running.run();
            }
        }, runnable -> Thread.ofPlatform().name("terafleet-cli-run").start(runnable));
        return running;
    }

    static final class Running {
        private final String[] args;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private CompletableFuture<CliRun> future;

        private Running(String[] args) {
            this.args = args;
        }

        String outSoFar() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String errSoFar() {
            return err.toString(StandardCharsets.UTF_8);
        }

        CliRun await(Duration atMost) throws Exception {
            return future.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        }

        private CliRun run() {
            PrintStream stdout = System.out;
            PrintStream stderr = System.err;
            try (var outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                 var errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                System.setOut(outStream);
                System.setErr(errStream);
                var commandLine = Main.commandLine();
                commandLine.setOut(new PrintWriter(outStream, true));
                commandLine.setErr(new PrintWriter(errStream, true));
                int code = commandLine.execute(args);
                return new CliRun(code, outSoFar(), errSoFar());
            } finally {
                System.setOut(stdout);
                System.setErr(stderr);
            }
        }
    }

    /** No stack trace: no line looks like a frame or an exception's class name. */
    boolean hasNoStackTrace() {
        return !(out + err).lines().anyMatch(line -> line.strip().startsWith("at ")
                || line.matches("^(\\w+\\.)+\\w*(Exception|Error)\\b.*"));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
