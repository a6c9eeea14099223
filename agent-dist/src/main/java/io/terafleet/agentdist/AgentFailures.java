package io.terafleet.agentdist;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.agentdist.FailureHandlers.Told;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a car's owner or operator is told when the agent fails: one line saying what failed and what to do next,
 * exit 1 (or 2 for a bad file or argument). Anything unforeseen is named by its type, its trace left to
 * {@code --verbose}. The full CLI tells its own failures first and falls back to these.
 */
public final class AgentFailures {
    private AgentFailures() {
    }

    public static Told tell(Throwable thrown) {
        Throwable e = unwrap(thrown);
        return switch (e) {
            case CoordinatorException c -> coordinator(c);
            case NoSuchFileException f -> Told.usage("no such file: " + f.getFile());
            case AccessDeniedException f -> Told.usage("cannot open " + f.getFile() + ": permission denied");
            case FileSystemException f -> Told.failed("cannot use " + f.getFile() + ": " + f.getReason());
            case JsonProcessingException j -> Told.usage("not valid JSON: " + j.getOriginalMessage()
                    + (j.getLocation() == null ? "" : " (line " + j.getLocation().getLineNr() + ", column "
                    + j.getLocation().getColumnNr() + ")"));
            case IllegalArgumentException a -> Told.usage(a.getMessage());
            case OutOfMemoryError o -> Told.failed("ran out of memory; give Java a larger heap, e.g. JAVA_OPTS=-Xmx2g");
            case java.net.ConnectException c -> Told.failed("cannot connect to the coordinator (connection refused);"
                    + " is it running, and is --coordinator its address?");
            case UnsatisfiedLinkError l -> Told.failed("a native library could not be loaded (" + message(l)
                    + "); is this the jar for this machine's platform (linux-x86_64 or linux-aarch64)?");
            case IOException io -> Told.failed("input/output failed: " + message(io));
            default -> new Told("failed unexpectedly: " + e.getClass().getName() + ": " + message(e)
                    + " (run again with --verbose for the stack trace)", FailureHandlers.FAILED, false);
        };
    }

    private static Told coordinator(CoordinatorException c) {
        return switch (c.status()) {
            case 0 -> Told.failed("cannot reach the coordinator (" + message(c) + "); is it running, and is"
                    + " --coordinator its address?");
            case 401, 403 -> Told.failed("the coordinator refused this car (" + message(c) + "); check --token, or"
                    + " ask the operator for a new enrollment token");
            default -> c.status() / 100 == 4
                    ? Told.usage("the coordinator refused the request (HTTP " + c.status() + "): " + message(c))
                    : Told.failed("the coordinator failed (HTTP " + c.status() + "): " + message(c)
                            + "; the agent can be started again once it answers");
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
}
