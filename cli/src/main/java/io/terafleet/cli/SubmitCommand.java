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

    @Option(names = "--max-tokens", defaultValue = "64", description = "For a text-generation model: tokens per"
            + " answer at most (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0.8", description = "For a text-generation model: sampling"
            + " temperature, 0 for greedy (default: ${DEFAULT-VALUE})")
    double temperature;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            System.err.println("submit: no such file: " + file);
            return 2;
        }
        var generation = new GenerationSubmit(coordinator, apiKey);
        if (generation.generates(model)) { // each input is a prompt: sent as a batch of chat completions
            try {
                return generation.submit(file, model, maxTokens, temperature, waitForEnd, out, System.out);
            } catch (JobClient.RequestFailed e) {
                System.err.println("submit: the coordinator refused the prompts: " + e.getMessage());
                return 1;
            }
        }
        var client = new JobClient(coordinator, apiKey);
        JobStatus status;
        try {
            status = client.submit(java.net.http.HttpRequest.BodyPublishers.ofFile(file), model, query());
        } catch (JobClient.RequestFailed e) {
            System.err.println("submit: the coordinator refused the file: " + e.getMessage());
            return 1;
        }
        System.out.println("job " + status.id() + " accepted: " + status.total() + " inputs for " + status.model());
        if (!waitForEnd && out == null) {
            return 0;
        }
        String id = status.id();
        status = JobProgress.follow(() -> client.status(id), System.out, Duration.ofMillis(500));
        System.out.printf("job %s %s: %d completed, %d failed%n", id, status.state(), status.completed(),
                status.failed());
        if (out != null) {
            client.downloadResults(id, out);
            System.out.println("results written to " + out.toAbsolutePath());
            if (status.failed() > 0) {
                Path errors = out.resolveSibling(out.getFileName() + ".errors.jsonl");
                client.downloadErrors(id, errors);
                System.out.println(status.failed() + " failed input(s) listed in " + errors.toAbsolutePath());
            }
        }
        return status.failed() == 0 ? 0 : 3;
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
