package io.terafleet.agentdist;

import picocli.CommandLine;

/**
 * The agent distribution's entry point: the car's jar runs {@code terafleet agent} and nothing else, with the same
 * options, help and exit codes (2 for bad usage) as the full jar's subcommand.
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
        return new CommandLine(new AgentCommand()).setCommandName(NAME).setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }
}
