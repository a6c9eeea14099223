package io.terafleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code terafleet tenant}: an operator creates customers and their API keys on a running coordinator. */
@Command(name = "tenant", mixinStandardHelpOptions = true,
        description = "Create a tenant (prints its first API key), or add a key to one, on a running coordinator.")
final class TenantCommand implements Callable<Integer> {
    @Option(names = "--coordinator", defaultValue = "http://127.0.0.1:8080", description = "Coordinator URL (default: ${DEFAULT-VALUE})")
    URI coordinator;

    @Option(names = "--operator-key", required = true, defaultValue = "${env:TERAFLEET_OPERATOR_KEY}",
            description = "The operator key the coordinator was started with (or set TERAFLEET_OPERATOR_KEY)")
    String operatorKey;

    @Option(names = "--ca-cert", description = "CA certificate (PEM) that must have issued an HTTPS coordinator's"
            + " certificate (default: the JDK's public roots)")
    java.nio.file.Path caCert;

    @Option(names = "--name", description = "Create a tenant with this name")
    String name;

    @Option(names = "--add-key-to", description = "Add an API key to the tenant with this id")
    String tenantId;

    @Option(names = "--requests-per-second", description = "Rate limit of a new tenant") Double rate;

    @Option(names = "--burst", description = "Burst above the rate of a new tenant") Integer burst;

    @Option(names = "--inputs-per-day", description = "Daily input quota of a new tenant") Long inputsPerDay;

    @Override
    public Integer call() throws Exception {
        if ((name == null) == (tenantId == null)) {
            throw CommandFailure.badUsage("give exactly one of --name (create) or --add-key-to (new key)");
        }
        var json = new ObjectMapper();
        String path;
        Map<String, Object> body = new LinkedHashMap<>();
        if (name != null) {
            path = "/v1/tenants";
            body.put("name", name);
            if (rate != null) {
                body.put("requests_per_second", rate);
            }
            if (burst != null) {
                body.put("burst", burst);
            }
            if (inputsPerDay != null) {
                body.put("inputs_per_day", inputsPerDay);
            }
        } else {
            path = "/v1/tenants/" + tenantId + "/keys";
        }
        var request = HttpRequest.newBuilder(coordinator.resolve(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + operatorKey)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        var response = new HttpRetry(PinnedHttp.client(caCert), HttpRetry.Policy.DEFAULT, Thread::sleep, why -> { })
                .send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new JobClient.RequestFailed(response.statusCode(), response.body(), HttpRetry.retryAfter(response));
        }
        JsonNode reply = json.readTree(response.body());
        System.out.println("tenant " + (reply.has("id") ? reply.get("id").asText() : tenantId));
        System.out.println("api key (shown once; the coordinator keeps only its hash): " + reply.get("api_key").asText());
        return 0;
    }
}
