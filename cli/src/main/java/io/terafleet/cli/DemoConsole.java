package io.terafleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.Coordinator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * {@code terafleet demo --console}: the demo's cars belong to one owner account, and the console's address is
 * printed with a ready-signed-in link per role (the key travels in the fragment, which the page keeps in the tab
 * and strips from the address bar; a fragment is never sent to a server).
 */
final class DemoConsole {
    static final String OWNER = "demo-owner";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI coordinator;
    private final String operatorKey;
    private String ownerKey;

    DemoConsole(Coordinator coordinator, String operatorKey) {
        this.coordinator = coordinator.uri();
        this.operatorKey = operatorKey;
    }

    /** Opens the demo owner's account; returns an enrollment grant for {@code cars} of its cars. */
    String ownerGrant(int cars) throws IOException, InterruptedException {
        ownerKey = post("/v1/owners", "{\"id\": \"" + OWNER + "\", \"name\": \"Demo owner\"}", "owner_key");
        return post("/v1/enrollment-tokens", "{\"owner_id\": \"" + OWNER + "\", \"max_uses\": " + cars + "}",
                "enrollment_token");
    }

    void printLinks(String apiKey, PrintStream out) {
        out.println("console: " + coordinator.resolve("/console"));
        out.println("  owner:    " + link(ownerKey));
        out.println("  customer: " + link(apiKey));
        out.println("  operator: " + link(operatorKey));
    }

    /** Keeps the demo running until the process is asked to stop (Ctrl-C); the exit scope then closes it all. */
    static void runUntilStopped(PrintStream out) throws InterruptedException {
        out.println("the console keeps running; press Ctrl-C to stop");
        new CountDownLatch(1).await();
    }

    private String link(String key) {
        return coordinator.resolve("/console") + "#key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    private String post(String path, String body, String field) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            var response = http.send(HttpRequest.newBuilder(coordinator.resolve(path))
                    .header("Authorization", "Bearer " + operatorKey).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body()).get(field).asText();
        }
    }
}
