package io.terafleet.cli;

import io.terafleet.core.api.JobStatus;
import io.terafleet.core.model.ModelCatalog;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code terafleet submit}: send a JSONL batch file as a job, optionally wait and fetch results. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a JSONL file (one {\"custom_id\",\"input\"} per line) as a batch job; for a"
                + " text-generation model each input is a prompt, answered by chat completion.")
final class SubmitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "JSONL input file")
    Path file;

    @Option(names = "--model", defaultValue = ModelCatalog.DEFAULT_MODEL, description = "Model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--coordinator", defaultValue = "http://127.0.0.1:8080", description = "Coordinator URL (default: ${DEFAULT-VALUE})")
    URI coordinator;

    @Option(names = "--ca-cert", description = "CA certificate (PEM) that must have issued an HTTPS coordinator's"
            + " certificate (default: the JDK's public roots)")
    java.nio.file.Path caCert;

    @Option(names = "--wait", description = "Wait for the job to end, showing progress")
    boolean waitForEnd;

    @Option(names = "--out", description = "Write the results (JSONL) here once the job ends; failed inputs go to"
            + " FILE.errors.jsonl beside it; implies --wait")
    Path out;

    @Option(names = "--tenant", description = "Tenant the job belongs to (cars are shared fairly between tenants)")
    String tenant;

    @Option(names = "--priority", description = "online or batch (default: batch)")
    String priority;

    @Option(names = "--replication", description = "Agreeing replicas each input needs, from different owners'"
            + " cars (default: 1, results accepted as they come)")
    Integer replication;

    @Option(names = "--adaptive", description = "With --replication 2 or more: trusted cars may compute alone,"
            + " with spot checks")
    boolean adaptive;

    @Option(names = "--api-key", defaultValue = "${env:TERAFLEET_API_KEY}",
            description = "The tenant's API key (or set TERAFLEET_API_KEY); not needed by an embedded coordinator")
    String apiKey;

    @Option(names = "--completion-window", description = "Time the job may take, e.g. 24h or 90m; inputs not done"
            + " by then fail as expired")
    String completionWindow;

    @Option(names = "--reconnect-for", defaultValue = "PT10M", description = "While waiting, how long to keep"
            + " reconnecting to a coordinator that went away (restart, network) before giving up (default: 10m)")
    Duration reconnectFor;

    @Option(names = "--max-tokens", defaultValue = "64", description = "For a text-generation model: tokens per"
            + " answer at most (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0.8", description = "For a text-generation model: sampling"
            + " temperature, 0 for greedy (default: ${DEFAULT-VALUE})")
    double temperature;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw CommandFailure.badUsage("no such file: " + file + " (give a JSONL file, one {\"custom_id\","
                    + " \"input\"} per line)");
        }
        var generation = new GenerationSubmit(coordinator, apiKey);
        if (generation.generates(model)) { // each input is a prompt: sent as a batch of chat completions
            return generation.submit(file, model, maxTokens, temperature, waitForEnd, out, System.out);
        }
        var client = new JobClient(coordinator, apiKey, caCert);
        JobStatus status = client.submit(java.net.http.HttpRequest.BodyPublishers.ofFile(file), model, query());
        System.out.println("job " + status.id() + " accepted: " + status.total() + " inputs for " + status.model());
        if (!waitForEnd && out == null) {
            return 0;
        }
        String id = status.id();
        // A coordinator restart while waiting is ridden out: the job lives in the store, not in the process.
        var waiting = client.withRetry(HttpRetry.Policy.reconnecting(reconnectFor), new Reconnecting(coordinator));
        status = JobProgress.follow(() -> waiting.status(id), System.out, Duration.ofMillis(500));
        System.out.printf("job %s %s: %d completed, %d failed%n", id, status.state(), status.completed(),
                status.failed());
        if (out != null) {
            waiting.downloadResults(id, out);
            System.out.println("results written to " + out.toAbsolutePath());
            if (status.failed() > 0) {
                Path errors = out.resolveSibling(out.getFileName() + ".errors.jsonl");
                waiting.downloadErrors(id, errors);
                System.out.println(status.failed() + " failed input(s) listed in " + errors.toAbsolutePath());
            }
        }
        if (status.failed() > 0) {
            throw CommandFailure.failed("job " + id + " " + status.state() + " with " + status.failed() + " of "
                    + status.total() + " input(s) failed" + (out == null ? "; add --out FILE to get the reasons"
                    : "; the reasons are in " + out.getFileName() + ".errors.jsonl"));
        }
        return 0;
    }

    /** Tells the user once per outage that the coordinator went away and that we keep trying. */
    private static final class Reconnecting implements java.util.function.Consumer<String> {
        private final URI coordinator;
        private long lastToldNanos = Long.MIN_VALUE;

        Reconnecting(URI coordinator) {
            this.coordinator = coordinator;
        }

        @Override
        public void accept(String why) {
            long now = System.nanoTime();
            if (lastToldNanos == Long.MIN_VALUE || now - lastToldNanos > Duration.ofSeconds(30).toNanos()) {
                System.err.println("submit: lost the coordinator at " + coordinator + " (" + why + "); reconnecting");
                lastToldNanos = now;
            }
        }
    }

    private String query() {
        StringBuilder q = new StringBuilder();
        append(q, "tenant", tenant);
        append(q, "priority", priority);
        append(q, "completion_window", completionWindow);
        append(q, "replication", replication == null ? null : replication.toString());
        append(q, "adaptive", adaptive ? "true" : null);
        return q.toString();
    }

    private static void append(StringBuilder q, String name, String value) {
        if (value != null) {
            q.append(q.isEmpty() ? "" : "&").append(name).append('=')
                    .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
