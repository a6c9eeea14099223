package io.terafleet.cli;

import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.tenants.TenantService;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code terafleet coordinator}'s options for the cloud APIs: operator keys, keyless callers, model files. */
final class CloudOptions {
    @Option(names = "--operator-key", description = "Key for the operator endpoints (models, tenants, enrollment tokens);"
            + " repeatable; one is generated and printed if none")
    List<String> operatorKeys = new ArrayList<>();

    @Option(names = "--allow-anonymous", description = "Callers without an API key act as the default tenant"
            + " (for a coordinator on a private machine only)")
    boolean allowAnonymous;

    @Option(names = "--model-dir", description = "Where registered model files are kept (default: next to the H2"
            + " store, or ~/.terafleet/coordinator-models)")
    Path modelDir;

    @Option(names = "--online-queue", defaultValue = "256", description = "Online requests per model that may wait"
            + " for a busy car; more are refused with 429 and Retry-After (default: ${DEFAULT-VALUE})")
    int onlineQueue;

    @Option(names = "--online-admission-wait-ms", defaultValue = "2000", description = "How long an online request"
            + " waits in that queue before a 503 with Retry-After, in ms (default: ${DEFAULT-VALUE})")
    long onlineAdmissionWaitMillis;

    @Option(names = "--online-max-batch", defaultValue = "1", description = "Texts of concurrent embedding requests"
            + " for one model merged into one car call, at most; 1 turns batching off (default: ${DEFAULT-VALUE})")
    int onlineMaxBatch;

    @Option(names = "--online-max-batch-delay-ms", defaultValue = "2", description = "How long the first request of"
            + " a batch waits for others, in ms (default: ${DEFAULT-VALUE})")
    long onlineMaxBatchDelayMillis;

    CloudConfig config(DatabaseConfig database, PrintStream out) {
        return withOnline(cloud(database, out));
    }

    private CloudConfig withOnline(CloudConfig config) {
        var online = config.online();
        try {
            return config.withOnline(new io.terafleet.coordinator.online.OnlineConfig(online.requestTimeout(),
                    online.attempts(), java.time.Duration.ofMillis(onlineAdmissionWaitMillis), online.maxPollWait(), onlineQueue,
                    onlineMaxBatch, java.time.Duration.ofMillis(onlineMaxBatchDelayMillis)));
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badUsage(optionFor(e.getMessage()) + ": " + e.getMessage());
        }
    }

    /** The option behind a field {@code OnlineConfig} refused. */
    private static String optionFor(String message) {
        if (message.startsWith("maxQueued")) {
            return "--online-queue";
        }
        if (message.startsWith("maxBatchDelay")) {
            return "--online-max-batch-delay-ms";
        }
        return message.startsWith("maxBatch") ? "--online-max-batch" : "--online-admission-wait-ms";
    }

    private CloudConfig cloud(DatabaseConfig database, PrintStream out) {
        List<String> keys = new ArrayList<>(operatorKeys);
        if (keys.isEmpty()) {
            keys.add(TenantService.newKey().replace("sk-tf-", "op-tf-"));
            out.println("operator key (for /v1/models, /v1/tenants, /v1/enrollment-tokens): " + keys.getFirst());
        }
        CloudConfig config = CloudConfig.secured(database, keys).withAnonymous(allowAnonymous);
        return modelDir == null ? config : new CloudConfig(config.operatorKeys(), config.allowAnonymous(),
                config.defaultTenantKeys(), modelDir.toAbsolutePath(), config.online(), config.defaultLimits(),
                config.maxEmbeddingInputs(), config.maxInputChars(), config.maxModelBytes(), config.maxFileBytes());
    }
}
