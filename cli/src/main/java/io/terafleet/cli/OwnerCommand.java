package io.terafleet.cli;

import picocli.CommandLine.Command;

/** {@code terafleet owner}: what a car owner reads. */
@Command(name = "owner", mixinStandardHelpOptions = true, subcommands = {OwnerStatementCommand.class,
        OwnerGrantCommand.class, OwnerCreateCommand.class, OwnerRevokeCommand.class},
        description = "For car owners: statements of work done, energy used and money earned; for the operator, owner accounts and enrollment grants.")
final class OwnerCommand {
}
