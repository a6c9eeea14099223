package io.terafleet.cli;

import io.terafleet.agentdist.AgentCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code terafleet} command. */
@Command(name = "terafleet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Idle parked electric cars as an AI inference cloud.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed (coordinator unreachable, credential refused, job failed, ...)",
                "2:bad usage (unknown option, bad value, bad file)"},
        subcommands = {DemoCommand.class, CoordinatorCommand.class, AgentCommand.class, SubmitCommand.class,
                OwnerCommand.class, BenchCommand.class, PreemptBenchCommand.class, SimulateCommand.class,
                SimCommand.class, TenantCommand.class, OnlineBenchCommand.class, ControlPlaneBenchCommand.class, BenchGenerateCommand.class, RevokeCommand.class, ChatBenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command tree with the product's failure handling ({@link FailureHandlers}); shared by the tests. */
    static CommandLine commandLine() {
        return FailureHandlers.install(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true));
    }
}
