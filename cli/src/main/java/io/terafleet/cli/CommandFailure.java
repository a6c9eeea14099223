package io.terafleet.cli;

/**
 * An expected failure of a command, told to the user as one line: what failed and what to do next. {@link Main}
 * prints it without a stack trace (unless {@code --verbose}) and exits with {@link #exitCode()}.
 */
final class CommandFailure extends RuntimeException {
    /** Exit code of a command that did what it was asked. */
    static final int DONE = io.terafleet.agentdist.FailureHandlers.DONE;
    /** Exit code of a command that could not do it: unreachable coordinator, refused credential, job failed. */
    static final int FAILED = io.terafleet.agentdist.FailureHandlers.FAILED;
    /** Exit code of a command given bad arguments or a bad file. */
    static final int BAD_USAGE = io.terafleet.agentdist.FailureHandlers.BAD_USAGE;

    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        this(exitCode, message, null);
    }

    CommandFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        if (exitCode != FAILED && exitCode != BAD_USAGE) {
            throw new IllegalArgumentException("exitCode: must be 1 or 2, was " + exitCode);
        }
        this.exitCode = exitCode;
    }

    static CommandFailure failed(String message) {
        return new CommandFailure(FAILED, message);
    }

    static CommandFailure badUsage(String message) {
        return new CommandFailure(BAD_USAGE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
