package io.terafleet.cli;

import picocli.CommandLine;

/**
 * How every command fails: bad usage is one line naming the problem plus where help is (exit 2); a failure while
 * running is one line from {@link Failures} (exit 1, or 2 for a bad file); the stack trace only with
 * {@code --verbose}, which every command accepts. New subcommands get all of this by being in {@link Main}'s list.
 * The handling itself is the car jar's ({@link io.terafleet.agentdist.FailureHandlers}), so both fail alike.
 */
final class FailureHandlers {
    static final String VERBOSE = io.terafleet.agentdist.FailureHandlers.VERBOSE;

    private FailureHandlers() {
    }

    static CommandLine install(CommandLine root) {
        return io.terafleet.agentdist.FailureHandlers.install(root, e -> {
            Failures.Told told = Failures.tell(e);
            return new io.terafleet.agentdist.FailureHandlers.Told(told.line(), told.exitCode(), told.expected());
        });
    }
}
