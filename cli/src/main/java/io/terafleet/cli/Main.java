package io.terafleet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code terafleet} command. */
@Command(name = "terafleet", mixinStandardHelpOptions = true, version = "terafleet 0.1.0",
        description = "Idle parked electric cars as an AI inference cloud.",
        subcommands = {DemoCommand.class, CoordinatorCommand.class, AgentCommand.class, SubmitCommand.class,
                OwnerCommand.class, BenchCommand.class, PreemptBenchCommand.class, SimulateCommand.class,
                SimCommand.class, TenantCommand.class, OnlineBenchCommand.class, ChatBenchCommand.class, BenchGenerateCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }
}
