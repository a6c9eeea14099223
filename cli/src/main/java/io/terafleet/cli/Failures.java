package io.terafleet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a user is told when a command fails: one line saying what failed and what to do next, and the exit code
 * ({@link CommandFailure#FAILED} or {@link CommandFailure#BAD_USAGE}). Expected failures get their own words;
 * anything else is named by its type, with the stack trace left to {@code --verbose}.
 */
final class Failures {
    /** One line for the user and the process's exit code. */
    record Told(String line, int exitCode, boolean expected) {
    }

    private Failures() {
    }

    static Told tell(Throwable thrown) {
        Throwable e = unwrap(thrown);
        return switch (e) {
            case CommandFailure f -> new Told(f.getMessage(), f.exitCode(), true);
            case HttpRetry.Unreachable u -> failed(u.getMessage() + "; is it running? Start one with"
                    + " `terafleet coordinator`, or point --coordinator at it");
            case JobClient.RequestFailed r -> refused(r);
            case NoSuchFileException f -> usage("no such file: " + f.getFile());
            case AccessDeniedException f -> usage("cannot open " + f.getFile() + ": permission denied");
            case FileSystemException f -> failed("cannot use " + f.getFile() + ": " + f.getReason());
            case JsonProcessingException j -> usage("not valid JSON: " + j.getOriginalMessage()
                    + (j.getLocation() == null ? "" : " (line " + j.getLocation().getLineNr() + ", column "
                    + j.getLocation().getColumnNr() + ")"));
            case IllegalArgumentException a -> usage(a.getMessage());
            case OutOfMemoryError o -> failed("ran out of memory; give Java a larger heap, e.g. JAVA_OPTS=-Xmx8g");
            case java.net.ConnectException c -> failed("cannot connect (connection refused); is the coordinator"
                    + " running? Start one with `terafleet coordinator`, or point --coordinator at it");
            case IOException io -> failed("input/output failed: " + message(io));
            default -> agent(e); // the agent's own failures are told as the car's jar tells them
        };
    }

    private static Told agent(Throwable e) {
        var told = io.terafleet.agentdist.AgentFailures.tell(e);
        return new Told(told.line(), told.exitCode(), told.expected());
    }

    private static Told refused(JobClient.RequestFailed r) {
        String detail = r.detail();
        return switch (r.status()) {
            case 401 -> failed("the coordinator refused the credential (" + detail + "); check the key: --api-key"
                    + " (or TERAFLEET_API_KEY) for a tenant, --operator-key for an operator");
            case 403 -> failed("not allowed (" + detail + "); this key may not do that: ask the operator");
            case 404 -> failed("not found: " + detail);
            case 429 -> failed("rate limit or quota reached (" + detail + "); try again"
                    + r.retryAfter().map(d -> " in " + d.toSeconds() + " s").orElse(" later"));
            case 503 -> failed("the coordinator cannot serve this now (" + detail + "); try again"
                    + r.retryAfter().map(d -> " in " + d.toSeconds() + " s").orElse(" later"));
            default -> r.status() / 100 == 4
                    ? usage("the coordinator refused the request (HTTP " + r.status() + "): " + detail)
                    : failed("the coordinator failed (HTTP " + r.status() + "): " + detail
                            + "; try again, and see the coordinator's log if it persists");
        };
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t instanceof CompletionException
                || t instanceof ExecutionException || t instanceof picocli.CommandLine.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Told failed(String line) {
        return new Told(line, CommandFailure.FAILED, true);
    }

    private static Told usage(String line) {
        return new Told(line, CommandFailure.BAD_USAGE, true);
    }
}
