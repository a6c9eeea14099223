package io.terafleet.agentdist;

import picocli.CommandLine;

/**
 * The agent distribution's entry point: the car's jar runs {@code terafleet agent} and nothing else, with the same
 * options, help, failure lines and exit codes (0, 1 for a failure, 2 for bad usage; the trace only with
 * {@code --verbose}) as the full jar's subcommand ({@link FailureHandlers}).
 */
public final class AgentMain {
    /** The name the help shows: the jar's own, not a subcommand of {@code terafleet}. */
    static final String NAME = "terafleet-agent";

    private AgentMain() {
    }

    public static void main(String[] args) {
        // Before the first logger: the distribution's own configuration (the full jar's logback.xml is not here).
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "terafleet-agent-logback.xml");
        }
        System.exit(run(args));
    }

    public static int run(String... args) {
        return command().execute(args);
    }

    /** The car jar's command tree with its failure handling; shared by the tests. */
    static CommandLine command() {
        return FailureHandlers.install(new CommandLine(new AgentCommand()).setCommandName(NAME)
                .setCaseInsensitiveEnumValuesAllowed(true), AgentFailures::tell);
    }
}
