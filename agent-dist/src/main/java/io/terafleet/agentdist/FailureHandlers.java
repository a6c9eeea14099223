package io.terafleet.agentdist;

import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How a command fails, for the car's jar and the full CLI alike: bad usage is one line naming the problem plus where
 * help is (exit {@link #BAD_USAGE}); a failure while running is one line from a teller (exit {@link #FAILED}, or
 * {@link #BAD_USAGE} for a bad file); the stack trace only with {@code --verbose}, which every command accepts (or
 * {@code TERAFLEET_VERBOSE=1}). Picocli only: nothing here pulls in the coordinator.
 */
public final class FailureHandlers {
    /** Exit code of a command that did what it was asked. */
    public static final int DONE = 0;
    /** Exit code of a command that could not do it: unreachable coordinator, refused credential, failed work. */
    public static final int FAILED = 1;
    /** Exit code of a command given bad arguments or a bad file. */
    public static final int BAD_USAGE = 2;
    public static final String VERBOSE = "--verbose";

    /** One line for the user and the process's exit code; {@code expected} when the failure has words of its own. */
    public record Told(String line, int exitCode, boolean expected) {
        public static Told failed(String line) {
            return new Told(line, FAILED, true);
        }

        public static Told usage(String line) {
            return new Told(line, BAD_USAGE, true);
        }
    }

    private FailureHandlers() {
    }

    /** {@code root} and its subcommands fail as described above, running failures told by {@code tell}. */
    public static CommandLine install(CommandLine root, Function<Throwable, Told> tell) {
        addVerbose(root);
        root.setParameterExceptionHandler(FailureHandlers::badUsage);
        root.setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(e, commandLine, tell));
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
        return BAD_USAGE;
    }

    private static int failed(Exception e, CommandLine command, Function<Throwable, Told> tell) {
        PrintWriter err = command.getErr();
        Told told = tell.apply(e);
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
