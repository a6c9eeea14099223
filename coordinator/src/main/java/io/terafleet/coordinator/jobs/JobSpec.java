package io.terafleet.coordinator.jobs;

import io.terafleet.core.scheduling.PriorityClass;
import java.time.Instant;
import java.util.Objects;

/**
 * What a job is, apart from its inputs.
 *
 * @param tenant   who owns the job; the scheduler shares cars fairly between tenants
 * @param deadline when the completion window ends (the job expires then), or null for none
 * @param unitSize the most inputs in one unit; units are cut smaller per car when they are leased
 * @param replication agreeing replicas each input needs, from different owners (1: results accepted as they come)
 * @param maxReplicas the most replicas computed for an input before it fails without consensus
 * @param adaptive    whether a trusted car may compute inputs alone (with spot checks), as BOINC does
 * @param tokensPerInput for a generation job, the most tokens of one answer (its units are sized by tokens); 0
 *                       for any other job
 * @param apiKey   the prefix of the tenant's API key that submitted the job (its charges name it), or null
 */
public record JobSpec(String jobId, String model, String tenant, PriorityClass priority, Instant deadline,
                      int unitSize, int replication, int maxReplicas, boolean adaptive, int tokensPerInput,
                      String apiKey) {
    public JobSpec(String jobId, String model, String tenant, PriorityClass priority, Instant deadline,
                   int unitSize, int replication, int maxReplicas, boolean adaptive, int tokensPerInput) {
        this(jobId, model, tenant, priority, deadline, unitSize, replication, maxReplicas, adaptive, tokensPerInput,
                null);
    }

    public JobSpec(String jobId, String model, String tenant, PriorityClass priority, Instant deadline,
                   int unitSize, int replication, int maxReplicas, boolean adaptive) {
        this(jobId, model, tenant, priority, deadline, unitSize, replication, maxReplicas, adaptive, 0);
    }

    public JobSpec withTokensPerInput(int tokens) {
        return new JobSpec(jobId, model, tenant, priority, deadline, unitSize, replication, maxReplicas, adaptive,
                tokens, apiKey);
    }

    public JobSpec withApiKey(String keyPrefix) {
        return new JobSpec(jobId, model, tenant, priority, deadline, unitSize, replication, maxReplicas, adaptive,
                tokensPerInput, keyPrefix);
    }

    public static final int MAX_REPLICAS = 16;

    /** No replication. */
    public JobSpec(String jobId, String model, String tenant, PriorityClass priority, Instant deadline,
                   int unitSize) {
        this(jobId, model, tenant, priority, deadline, unitSize, 1, 1, false);
    }

    public static final String DEFAULT_TENANT = "default";
    public static final int MAX_UNIT_SIZE = JobCreation.MAX_UNIT_SIZE;
    static final int MAX_TENANT_LENGTH = 64;

    public JobSpec {
        JobCreation.requireJobId(jobId);
        if (model == null || model.isBlank() || model.length() > JobCreation.MAX_MODEL_LENGTH) {
            throw new IllegalArgumentException("model: must be 1.." + JobCreation.MAX_MODEL_LENGTH + " characters");
        }
        if (tenant == null || tenant.isBlank() || tenant.length() > MAX_TENANT_LENGTH) {
            throw new IllegalArgumentException("tenant: must be 1.." + MAX_TENANT_LENGTH + " characters");
        }
        Objects.requireNonNull(priority, "priority: must be set");
        if (unitSize < 1 || unitSize > JobCreation.MAX_UNIT_SIZE) {
            throw new IllegalArgumentException("unitSize: must be within 1.." + JobCreation.MAX_UNIT_SIZE + ", was "
                    + unitSize);
        }
        if (replication < 1 || replication > MAX_REPLICAS) {
            throw new IllegalArgumentException("replication: must be within 1.." + MAX_REPLICAS + ", was "
                    + replication);
        }
        if (maxReplicas < replication || maxReplicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("maxReplicas: must be within replication.." + MAX_REPLICAS + ", was "
                    + maxReplicas);
        }
        if (tokensPerInput < 0) {
            throw new IllegalArgumentException("tokensPerInput: must be ≥ 0, was " + tokensPerInput);
        }
        if (apiKey != null && (apiKey.isBlank() || apiKey.length() > 16)) {
            throw new IllegalArgumentException("apiKey: a key prefix of 1..16 characters, was " + apiKey);
        }
        if (adaptive && replication < 2) {
            throw new IllegalArgumentException("adaptive: needs replication of 2 or more, was " + replication);
        }
    }

    public JobSpec withReplication(int k, int max, boolean adaptiveReplication) {
        return new JobSpec(jobId, model, tenant, priority, deadline, unitSize, k, max, adaptiveReplication,
                tokensPerInput, apiKey);
    }

    /** A batch job of the default tenant with no completion window. */
    public static JobSpec batch(String jobId, String model, int unitSize) {
        return new JobSpec(jobId, model, DEFAULT_TENANT, PriorityClass.BATCH, null, unitSize);
    }
}
