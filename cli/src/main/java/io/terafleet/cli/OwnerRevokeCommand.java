package io.terafleet.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code terafleet owner revoke}: the operator closes an owner's account; its key is refused at once everywhere. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke an owner's account: its owner key signs in nowhere from now on (its cars stay).")
final class OwnerRevokeCommand implements Callable<Integer> {
    @Option(names = "--owner", required = true, description = "Owner id")
    String owner;

    @Mixin
    OperatorCall operator;

    @Override
    public Integer call() throws Exception {
        var response = operator.send("POST", "/v1/owners/"
                + URLEncoder.encode(owner, StandardCharsets.UTF_8).replace("+", "%20") + "/revoke", null);
        if (response.statusCode() != 204) {
            System.err.println("owner revoke: the coordinator answered " + response.statusCode() + ": "
                    + response.body());
            return 1;
        }
        System.out.println("owner " + owner + " revoked");
        return 0;
    }
}
