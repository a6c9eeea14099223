package io.terafleet.coordinator.service;

import io.terafleet.coordinator.intake.ParsedInputs;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.jobs.NewInput;
import io.terafleet.coordinator.jobs.ResultSink;
import io.terafleet.core.api.JobStatus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creates, reads and cancels batch jobs; wakes waiting cars when new work is stored. */
public final class JobService {
    private final JobRepository jobs;
    private final WorkSignal work;
    private final Clock clock;
    private final int unitSize;

    public JobService(JobRepository jobs, WorkSignal work, Clock clock, int unitSize) {
        this.jobs = jobs;
        this.work = work;
        this.clock = clock;
        this.unitSize = unitSize;
    }

    /** Stores the job with all its inputs in one transaction; once this returns they are durable. */
    public JobStatus create(String model, List<ParsedInputs.JobInput> inputs) {
        String id = "job_" + UUID.randomUUID().toString().replace("-", "");
        List<NewInput> rows = inputs.stream().map(in -> new NewInput(in.customId(), in.text())).toList();
        if (!jobs.createJob(id, model, rows, unitSize, clock.instant())) {
            // 122 random bits: a collision means a broken random source, not bad luck.
            throw new IllegalStateException("job id " + id + " already exists");
        }
        // Read before waking the cars, so the answer shows the job as stored, not half leased.
        JobStatus created = jobs.status(id).orElseThrow();
        work.signalAll();
        return created;
    }

    public Optional<JobStatus> status(String jobId) {
        return jobs.status(jobId);
    }

    public void streamResults(String jobId, ResultSink sink) {
        jobs.streamResults(jobId, sink);
    }

    /** @return false when the job had already ended */
    public boolean cancel(String jobId) {
        return jobs.cancel(jobId, clock.instant());
    }
}
