package io.terafleet.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.terafleet.core.ledger.OwnerStatement;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code terafleet owner statement}: an owner's statement as a table, one line per day. Exit code 0 on
 * success, 1 when the coordinator refuses (its problem detail is printed) or cannot be reached.
 */
@Command(name = "statement", mixinStandardHelpOptions = true,
        description = "Print an owner's statement: units, verified inputs, energy, energy cost and earnings per day (UTC).")
final class OwnerStatementCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Option(names = "--owner", required = true, description = "Owner id (a car enrolled without one is its own owner)")
    String owner;

    @Option(names = "--from", description = "First day, YYYY-MM-DD (default: 29 days before --to)")
    LocalDate from;

    @Option(names = "--to", description = "Last day, YYYY-MM-DD (default: today, UTC)")
    LocalDate to;

    @Option(names = "--coordinator", defaultValue = "http://127.0.0.1:8080", description = "Coordinator URL (default: ${DEFAULT-VALUE})")
    URI coordinator;

    @Option(names = "--key", defaultValue = "${env:TERAFLEET_OWNER_KEY}",
            description = "The owner key (or set TERAFLEET_OWNER_KEY); an operator key also reads any statement")
    String key;

    @Option(names = "--ca-cert", description = "CA certificate (PEM) that must have issued an HTTPS coordinator's"
            + " certificate (default: the JDK's public roots)")
    java.nio.file.Path caCert;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws InterruptedException {
        StringBuilder query = new StringBuilder();
        if (from != null) {
            query.append("from=").append(from);
        }
        if (to != null) {
            query.append(query.isEmpty() ? "" : "&").append("to=").append(to);
        }
        URI uri = coordinator.resolve("/v1/owners/" + URLEncoder.encode(owner, StandardCharsets.UTF_8)
                + "/statement" + (query.isEmpty() ? "" : "?" + query));
        try (HttpClient http = PinnedHttp.client(caCert)) {
            var request = HttpRequest.newBuilder(uri).GET();
            if (key != null && !key.isBlank()) {
                request.header("Authorization", "Bearer " + key);
            }
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                err.println("owner statement: " + problemDetail(response.body(), response.statusCode()));
                return 1;
            }
            out.print(StatementTable.render(JSON.readValue(response.body(), OwnerStatement.class)));
            return 0;
        } catch (IOException e) {
            err.println("owner statement: cannot reach the coordinator at " + coordinator + ": " + e.getMessage());
            return 1;
        }
    }

    private static String problemDetail(String body, int status) {
        try {
            var node = JSON.readTree(body);
            return node.path("detail").asText("HTTP " + status);
        } catch (IOException e) {
            return "HTTP " + status + ": " + body;
        }
    }
}
