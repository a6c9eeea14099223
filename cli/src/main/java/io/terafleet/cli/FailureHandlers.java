package io.terafleet.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How every command fails: bad usage is one line naming the problem plus where help is (exit 2); a failure while
 * running is one line from {@link Failures} (exit 1, or 2 for a bad file); the stack trace only with
 * {@code --verbose}, which every command accepts. New subcommands get all of this by being in {@link Main}'s list.
 */
final class FailureHandlers {
    static final String VERBOSE = "--verbose";

    private FailureHandlers() {
    }

    static CommandLine install(CommandLine root) {
        addVerbose(root);
        root.setParameterExceptionHandler(FailureHandlers::badUsage);
        root.setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(e, commandLine));
        return root;
    }

    /** Every command takes {@code --verbose} (a command with its own keeps its meaning, and shows traces too). */
    private static void addVerbose(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        if (!spec.optionsMap().containsKey(VERBOSE)) {
            spec.addOption(OptionSpec.builder(VERBOSE).description("On failure, print the stack trace too").build());
        }
        command.getSubcommands().values().forEach(FailureHandlers::addVerbose);
    }

    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(name(command) + ": " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + name(command) + " --help' for its options.");
        }
        if (verbose(command)) {
            e.printStackTrace(err);
        }
        err.flush();
        return CommandFailure.BAD_USAGE;
    }

    private static int failed(Exception e, CommandLine command) {
        PrintWriter err = command.getErr();
        Failures.Told told = Failures.tell(e);
        err.println(name(command) + ": " + told.line());
        if (verbose(command)) {
            e.printStackTrace(err);
        }
        err.flush();
        return told.exitCode();
    }

    /** Whether {@code --verbose} was given to this command or any command above it. */
    private static boolean verbose(CommandLine command) {
        for (CommandLine c = command; c != null; c = c.getParent()) {
            var parsed = c.getParseResult();
            if (parsed != null && parsed.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return "1".equals(System.getenv("TERAFLEET_VERBOSE"));
    }

    private static String name(CommandLine command) {
        return command.getCommandSpec().qualifiedName();
    }
}
