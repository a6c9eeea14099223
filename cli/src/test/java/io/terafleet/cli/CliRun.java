package io.terafleet.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Runs the {@code terafleet} command in this JVM and keeps what it printed. One at a time (it swaps System.out). */
record CliRun(int exitCode, String out, String err) {
    static synchronized CliRun of(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try (var outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
             var errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(outStream);
            System.setErr(errStream);
            var commandLine = Main.commandLine();
            commandLine.setOut(new PrintWriter(outStream, true));
            commandLine.setErr(new PrintWriter(errStream, true));
            int code = commandLine.execute(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
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
