package io.terafleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code terafleet owner create}: the operator opens an owner's account; prints the owner key, shown this once,
 * with which the owner reads its own statement and signs in to the console.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create an owner's account; prints its owner key (shown once).")
final class OwnerCreateCommand implements Callable<Integer> {
    @Option(names = "--owner", required = true, description = "Owner id (the id enrollment grants name)")
    String owner;

    @Option(names = "--name", description = "Display name (default: the owner id)")
    String name;

    @Mixin
    OperatorCall operator;

    @Override
    public Integer call() throws Exception {
        var json = new ObjectMapper();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", owner);
        if (name != null) {
            body.put("name", name);
        }
        var response = operator.send("POST", "/v1/owners", json.writeValueAsString(body));
        if (response.statusCode() != 201) {
            System.err.println("owner create: the coordinator answered " + response.statusCode() + ": "
                    + response.body());
            return 1;
        }
        System.out.println("owner " + owner + " created; owner key (shown once): "
                + json.readTree(response.body()).get("owner_key").asText());
        return 0;
    }
}
