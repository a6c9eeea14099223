package io.terafleet.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code terafleet revoke}: the operator takes access away, at once on every coordinator. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke a tenant's API key, a car's credential or an enrollment token.")
final class RevokeCommand implements Callable<Integer> {
    static final class What {
        @Option(names = "--api-key", paramLabel = "TENANT:KEY", description = "tenant id, a colon, and the key or its key_prefix")
        String apiKey;

        @Option(names = "--car", paramLabel = "CAR_ID", description = "a car's id")
        String car;

        @Option(names = "--enrollment-token", paramLabel = "TOKEN", description = "an enrollment token or grant")
        String token;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    @Mixin
    OperatorCall operator;

    @Override
    public Integer call() throws Exception {
        java.net.http.HttpResponse<String> response;
        if (what.apiKey != null) {
            int colon = what.apiKey.indexOf(':');
            if (colon < 1) {
                System.err.println("revoke: --api-key takes TENANT_ID:KEY_OR_PREFIX");
                return 2;
            }
            response = operator.send("DELETE", "/v1/tenants/"
                    + encode(what.apiKey.substring(0, colon)) + "/keys/" + encode(what.apiKey.substring(colon + 1)), null);
        } else if (what.car != null) {
            response = operator.send("POST", "/v1/cars/" + encode(what.car) + "/revoke", null);
        } else {
            response = operator.send("POST", "/v1/enrollment-tokens/revoke",
                    new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                            java.util.Map.of("enrollment_token", what.token)));
        }
        if (response.statusCode() / 100 != 2) {
            System.err.println("revoke: the coordinator answered " + response.statusCode() + ": " + response.body());
            return 1;
        }
        System.out.println("revoked");
        return 0;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
