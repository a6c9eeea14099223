package io.terafleet.coordinator.service;

import io.terafleet.coordinator.intake.ParsedInputs;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.jobs.JobSpec;
import io.terafleet.coordinator.jobs.NewInput;
import io.terafleet.coordinator.jobs.ResultFilter;
import io.terafleet.coordinator.jobs.ResultSink;
import io.terafleet.coordinator.metrics.CoordinatorMetrics;
import io.terafleet.core.api.JobStatus;
import io.terafleet.core.scheduling.PriorityClass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Creates, reads, cancels and expires jobs; wakes waiting cars when new work is stored. */
public final class JobService {
    /**
     * How a new job is to run: whose it is, its class, and its completion window (null: none); {@code apiKey} is
     * the prefix of the tenant's key that submitted it (its charges name it), null when none did.
     */
    public record Submission(String tenant, PriorityClass priority, Duration completionWindow, int replication,
                             boolean adaptive, int tokensPerInput, String apiKey) {
        public Submission(String tenant, PriorityClass priority, Duration completionWindow, int replication,
                          boolean adaptive, int tokensPerInput) {
            this(tenant, priority, completionWindow, replication, adaptive, tokensPerInput, null);
        }

        public Submission(String tenant, PriorityClass priority, Duration completionWindow, int replication,
                          boolean adaptive) {
            this(tenant, priority, completionWindow, replication, adaptive, 0);
        }

        /** A generation job: inputs are prompts whose answers take at most {@code tokens} tokens each. */
        public Submission generating(int tokens) {
            return new Submission(tenant, priority, completionWindow, replication, adaptive, tokens, apiKey);
        }

        /** Submitted with the API key of this prefix (null: none). */
        public Submission withApiKey(String keyPrefix) {
            return new Submission(tenant, priority, completionWindow, replication, adaptive, tokensPerInput,
                    keyPrefix);
        }

        public static final Submission DEFAULT = new Submission(JobSpec.DEFAULT_TENANT, PriorityClass.BATCH, null);

        /** No replication. */
        public Submission(String tenant, PriorityClass priority, Duration completionWindow) {
            this(tenant, priority, completionWindow, 1, false);
        }

        public Submission {
            Objects.requireNonNull(tenant, "tenant: must be set");
            Objects.requireNonNull(priority, "priority: must be set");
            if (completionWindow != null && (completionWindow.isNegative() || completionWindow.isZero())) {
                throw new IllegalArgumentException("completion_window: must be positive, was " + completionWindow);
            }
        }
    }

    private final JobRepository jobs;
    private final WorkSignal work;
    private final Clock clock;
    private final int unitSize;
    private final CoordinatorMetrics metrics;
    private Instant metricsWatermark;
    /** Told of each job created, cancelled, expired or ended here (the cluster bus carries it to the others). */
    private volatile java.util.function.BiConsumer<String, String> jobEvents = (job, event) -> { };

    public JobService(JobRepository jobs, WorkSignal work, Clock clock, int unitSize, CoordinatorMetrics metrics) {
        this.jobs = jobs;
        this.work = work;
        this.clock = clock;
        this.unitSize = unitSize;
        this.metrics = metrics;
        this.metricsWatermark = clock.instant();
    }

    /** A batch job of the default tenant, with no completion window. */
    public JobStatus create(String model, List<ParsedInputs.JobInput> inputs) {
        return create(model, inputs, Submission.DEFAULT);
    }

    /** Stores the job with all its inputs in one transaction; once this returns they are durable. */
    public JobStatus create(String model, List<ParsedInputs.JobInput> inputs, Submission submission) {
        String id = "job_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = clock.instant();
        Instant deadline = submission.completionWindow() == null ? null : now.plus(submission.completionWindow());
        List<NewInput> rows = inputs.stream().map(in -> new NewInput(in.customId(), in.text())).toList();
        JobSpec spec = new JobSpec(id, model, submission.tenant(), submission.priority(), deadline, unitSize,
                submission.replication(), Math.max(submission.replication(), Math.min(JobSpec.MAX_REPLICAS,
                submission.replication() + 3)), submission.adaptive()).withTokensPerInput(submission.tokensPerInput())
                .withApiKey(submission.apiKey());
        if (!jobs.createJob(spec, rows, now)) {
            // 122 random bits: a collision means a broken random source, not bad luck.
            throw new IllegalStateException("job id " + id + " already exists");
        }
        // Read before waking the cars, so the answer shows the job as stored, not half leased.
        JobStatus created = jobs.status(id).orElseThrow();
        work.signalAll();
        jobEvents.accept(id, "created");
        return created;
    }

    public Optional<JobStatus> status(String jobId) {
        return jobs.status(jobId);
    }

    public void streamResults(String jobId, ResultSink sink) {
        jobs.streamResults(jobId, sink);
    }

    public void streamResults(String jobId, ResultFilter filter, ResultSink sink) {
        jobs.streamResults(jobId, filter, sink);
    }

    /** The tokens each input with a result took, where its car counted them. */
    public List<io.terafleet.coordinator.jobs.JobRepository.AnswerOutcome> answers(String jobId) {
        return jobs.answers(jobId);
    }

    public java.util.Map<Integer, Integer> resultTokens(String jobId) {
        return jobs.resultTokens(jobId);
    }

    /** @return false when the job had already ended */
    public boolean cancel(String jobId) {
        boolean cancelled = jobs.cancel(jobId, clock.instant());
        if (cancelled) {
            jobEvents.accept(jobId, "cancelled");
        }
        return cancelled;
    }

    /** Where events of jobs handled here go: (job id, "created" | "cancelled" | "expired" | a final state). */
    public void onJobEvent(java.util.function.BiConsumer<String, String> listener) {
        this.jobEvents = listener;
    }

    /**
     * Expires jobs whose completion window ended, and records the queue and run times of jobs that ended since
     * the last call. Called periodically.
     *
     * @return the ids of the jobs expired now
     */
    public List<String> tick() {
        Instant now = clock.instant();
        List<String> expired = jobs.expireOverdue(now);
        expired.forEach(job -> jobEvents.accept(job, "expired"));
        jobs.finishStranded(now);
        Instant until = clock.instant().plusMillis(1);
        for (JobRepository.EndedJob job : jobs.endedBetween(metricsWatermark, until)) {
            metrics.jobEnded(job.priority(), job.state(), job.queued(), job.ran());
        }
        metricsWatermark = until;
        return expired;
    }
}
