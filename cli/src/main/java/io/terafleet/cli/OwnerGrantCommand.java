package io.terafleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code terafleet owner grant}: the operator issues an enrollment grant for one owner's cars. Cars enrolled with it
 * belong to that owner, whatever they say; it enrolls at most {@code --max-uses} cars until it expires.
 */
@Command(name = "grant", mixinStandardHelpOptions = true,
        description = "Issue an enrollment grant for one owner's cars (limited in uses and time); prints the token.")
final class OwnerGrantCommand implements Callable<Integer> {
    @Option(names = "--owner", required = true, description = "Owner id the cars will belong to")
    String owner;

    @Option(names = "--max-uses", defaultValue = "10", description = "Cars it may enroll (default: ${DEFAULT-VALUE})")
    int maxUses;

    @Option(names = "--expires-in-hours", defaultValue = "168", description = "Lifetime in hours (default: ${DEFAULT-VALUE})")
    int hours;

    @Mixin
    OperatorCall operator;

    @Override
    public Integer call() throws Exception {
        var json = new ObjectMapper();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("owner_id", owner);
        body.put("max_uses", maxUses);
        body.put("expires_in_seconds", hours * 3600);
        var response = operator.send("POST", "/v1/enrollment-tokens",
                json.writeValueAsString(body));
        if (response.statusCode() != 201) {
            System.err.println("owner grant: the coordinator answered " + response.statusCode() + ": " + response.body());
            return 1;
        }
        System.out.println("enrollment grant for " + owner + " (" + maxUses + " cars, " + hours + " h; shown once): "
                + json.readTree(response.body()).get("enrollment_token").asText());
        return 0;
    }
}
