package io.terafleet.coordinator.batches;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.intake.InputLimits;
import io.terafleet.coordinator.intake.JsonlInputParser;
import io.terafleet.coordinator.intake.LineError;
import io.terafleet.coordinator.intake.ParsedInputs;
import io.terafleet.coordinator.service.JobService;
import io.terafleet.coordinator.jobs.JobSpec;
import io.terafleet.core.api.JobStatus;
import io.terafleet.core.scheduling.PriorityClass;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * OpenAI-compatible batches over Terafleet jobs: a batch's input file is validated and stored as one job of the
 * batch's tenant, with the batch's completion window as the job's deadline (the batch shows VALIDATING while
 * its file is checked, after it was created); the batch shows the job's state and
 * counts while it runs, and when the job ends its output and error files are written once (by whichever reader
 * sees the end first).
 */
public final class BatchService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BatchService.class);
    public static final String ENDPOINT = "/v1/embeddings";
    public static final String WINDOW = "24h";

    /** A batch as a client sees it now: the stored row, with status and counts from its job while it runs. */
    public record View(BatchRow row, BatchStatus status, int total, int completed, int failed, Long finalizingAt,
                       Long endedAt, io.terafleet.coordinator.leasing.CheckProgress checks) {
        public View(BatchRow row, BatchStatus status, int total, int completed, int failed, Long finalizingAt,
                    Long endedAt) {
            this(row, status, total, completed, failed, finalizingAt, endedAt, null);
        }
    }

    /** A batch could not be created: the input file was not found (as another tenant's is not). */
    public record FileMissing(String fileId) {
    }

    private final BatchRepository batches;
    private final FileStore files;
    private final JobService jobs;
    private final BatchOutput output;
    private final JsonlInputParser parser;
    private final Predicate<String> textModels;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;
    private final Executor validation;
    private final Database database;
    private volatile GenerationBatches generation;

    public BatchService(Database database, FileStore files, JobService jobs, InputLimits limits,
                        Predicate<String> textModels, Clock clock) {
        this(database, files, jobs, limits, textModels, clock, Executors.newVirtualThreadPerTaskExecutor());
    }

    /** @param validation runs the validation of each new batch, after {@link #create} has answered */
    public BatchService(Database database, FileStore files, JobService jobs, InputLimits limits,
                        Predicate<String> textModels, Clock clock, Executor validation) {
        this.validation = validation;
        this.database = database;
        this.batches = new BatchRepository(database);
        this.files = files;
        this.jobs = jobs;
        this.output = new BatchOutput(jobs);
        this.parser = new JsonlInputParser(json, limits);
        this.textModels = textModels;
        this.clock = clock;
    }

    public FileStore files() {
        return files;
    }

    /**
     * Creates the batch VALIDATING and hands its input file to validation, which starts its job (IN_PROGRESS) or
     * fails the batch with each error (line and field), as OpenAI reports validation failures.
     *
     * @return the new batch, as validation finds it (validating), or empty if the tenant has no such file
     */
    public Optional<View> create(String tenantId, String inputFileId, String metadataJson) throws IOException {
        return create(tenantId, inputFileId, ENDPOINT, metadataJson);
    }

    /** As {@link #create(String, String, String)} for any endpoint served in batches. */
    public Optional<View> create(String tenantId, String inputFileId, String endpoint, String metadataJson)
            throws IOException {
        return create(tenantId, inputFileId, endpoint, metadataJson, null);
    }

    /** As {@link #create(String, String, String, String)}, made with the API key of this prefix (null: none). */
    public Optional<View> create(String tenantId, String inputFileId, String endpoint, String metadataJson,
                                 String apiKey) throws IOException {
        Optional<StoredFile> input = files.find(tenantId, inputFileId).filter(f -> f.purpose().equals("batch"));
        if (input.isEmpty()) {
            return Optional.empty();
        }
        String id = "batch_" + UUID.randomUUID().toString().replace("-", "");
        long now = clock.millis();
        long expires = now + Duration.ofHours(24).toMillis();
        BatchRow row = new BatchRow(id, tenantId, endpoint, inputFileId, WINDOW, null, null, BatchStatus.VALIDATING,
                null, null, null, metadataJson, 0, 0, 0, now, expires, null, null, null, apiKey);
        batches.insert(row);
        View created = view(row);
        validation.execute(() -> validate(row));
        return Optional.of(created);
    }

    /** Validates batches left VALIDATING by a coordinator that stopped before it finished them. */
    public void resumeValidation() {
        batches.validating().forEach(row -> validation.execute(() -> validate(row)));
    }

    /** Runs again the chat and completion batches a stopped coordinator left running (their lines run anew). */
    public void resumeGeneration() throws IOException {
        if (generation == null) {
            return;
        }
        for (BatchRow row : batches.running()) {
            if (GenerationBatches.handles(row.endpoint()) && row.jobId() == null) {
                byte[] content = files.content(row.inputFileId());
                validation.execute(() -> runGeneration(row, content));
            }
        }
    }

    private void validate(BatchRow row) {
        if (GenerationBatches.handles(row.endpoint())) {
            validateGeneration(row);
            return;
        }
        try {
            byte[] content = files.content(row.inputFileId());
            List<LineError> errors = new ArrayList<>();
            String model = BatchInputs.model(json, content, ENDPOINT, errors);
            if (model != null && !textModels.test(model)) {
                errors.add(new LineError(1, "body.model", "no text-embedding model named \"" + model + "\""));
            }
            ParsedInputs parsed = errors.isEmpty() ? parser.parse(new ByteArrayInputStream(content), model) : null;
            if (parsed instanceof ParsedInputs.Rejected rejected) {
                errors.addAll(rejected.errors());
            }
            if (!errors.isEmpty()) {
                batches.failValidation(row.id(), model, errorsJson(errors), clock.millis());
                return;
            }
            var inputs = ((ParsedInputs.Accepted) parsed).inputs();
            Duration left = Duration.ofMillis(Math.max(1, row.expiresAt() - clock.millis()));
            JobStatus job = jobs.create(model, inputs, new JobService.Submission(row.tenantId(), PriorityClass.BATCH, left)
                    .withApiKey(row.apiKey()));
            if (!batches.startJob(row.id(), model, job.id(), inputs.size(), clock.millis())) {
                jobs.cancel(job.id()); // cancelled while it was validated
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("batch {} could not be validated", row.id(), e);
            batches.failValidation(row.id(), null, errorsJson(List.of(new LineError(0, null,
                    "the input file could not be validated: " + e.getMessage()))), clock.millis());
        }
    }

    /** The runner of chat and completion batches; without one, such batches are refused. */
    public void useGeneration(GenerationBatches runner) {
        this.generation = runner;
    }

    public boolean servesGeneration() {
        return generation != null;
    }

    private void validateGeneration(BatchRow row) {
        try {
            byte[] content = files.content(row.inputFileId());
            GenerationBatches.Checked checked = generation.validate(row.endpoint(), content);
            if (!checked.errors().isEmpty()) {
                batches.failValidation(row.id(), checked.model(), errorsJson(checked.errors()), clock.millis());
                return;
            }
            Optional<GenerationBatches.Planned> planned = generation.plan(row.endpoint(), content);
            if (planned.isPresent()) { // leased units on the fleet, as embeddings are
                Duration left = Duration.ofMillis(Math.max(1, row.expiresAt() - clock.millis()));
                int replication = replication(row.metadataJson());
                if (replication < 1 || replication > JobSpec.MAX_REPLICAS) {
                    batches.failValidation(row.id(), checked.model(), errorsJson(List.of(new LineError(0,
                            "metadata.replication", "must be a whole number within 1.." + JobSpec.MAX_REPLICAS))),
                            clock.millis());
                    return;
                }
                JobStatus job = jobs.create(checked.model(), planned.get().inputs(), new JobService.Submission(
                        row.tenantId(), PriorityClass.BATCH, left, replication, false)
                        .generating(planned.get().tokensPerInput()).withApiKey(row.apiKey()));
                if (!batches.startJob(row.id(), checked.model(), job.id(), checked.lines(), clock.millis())) {
                    jobs.cancel(job.id());
                }
                return;
            }
            if (batches.startJob(row.id(), checked.model(), null, checked.lines(), clock.millis())) {
                runGeneration(batches.find(row.tenantId(), row.id()).orElseThrow(), content);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("batch {} could not be validated", row.id(), e);
            batches.failValidation(row.id(), null, errorsJson(List.of(new LineError(0, null,
                    "the input file could not be validated: " + e.getMessage()))), clock.millis());
        }
    }

    private void runGeneration(BatchRow row, byte[] content) {
        generation.start(row, content, (status, completed, failed, output, errors) -> {
            try {
                long now = clock.millis();
                batches.finish(row, status, completed, failed, now, now, BatchOutput.files(row, output, errors, now));
            } catch (IOException | RuntimeException e) {
                LOG.error("batch {}: output files could not be stored", row.id(), e);
            }
        });
    }

    /**
     * How many cars must agree on each answer: the batch's {@code metadata.replication} (OpenAI's free-form
     * metadata), 1 when it names none; 0 when it is not a whole number.
     */
    private int replication(String metadataJson) throws IOException {
        if (metadataJson == null || metadataJson.isBlank()) {
            return 1;
        }
        var node = json.readTree(metadataJson).path("replication");
        if (node.isMissingNode() || node.isNull()) {
            return 1;
        }
        String text = node.asText();
        return text.matches("\\d{1,2}") ? Integer.parseInt(text) : 0;
    }

    /** Lines in the input file, for the tenant's quota, before anything is stored. */
    public long countLines(String tenantId, String inputFileId) throws IOException {
        Optional<StoredFile> input = files.find(tenantId, inputFileId);
        if (input.isEmpty()) {
            return 0;
        }
        byte[] content = files.content(inputFileId);
        long lines = 0;
        for (byte b : content) {
            lines += b == '\n' ? 1 : 0;
        }
        return Math.max(1, lines);
    }

    public Optional<View> find(String tenantId, String id) throws IOException {
        Optional<BatchRow> row = batches.find(tenantId, id);
        return row.isEmpty() ? Optional.empty() : Optional.of(view(row.get()));
    }

    public List<View> list(String tenantId, String after, int limit) throws IOException {
        List<View> views = new ArrayList<>();
        for (BatchRow row : batches.list(tenantId, after, limit)) {
            views.add(view(row));
        }
        return views;
    }

    /** @return the batch after the request, or empty if the tenant has no such batch */
    public Optional<View> cancel(String tenantId, String id) throws IOException {
        Optional<BatchRow> row = batches.find(tenantId, id);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (row.get().status() == BatchStatus.VALIDATING) {
            batches.cancelValidating(id, clock.millis());
        } else if (!row.get().status().isTerminal() && row.get().jobId() == null && generation != null) {
            batches.markCancelling(id, clock.millis());
            generation.cancel(id);
        } else if (!row.get().status().isTerminal() && row.get().jobId() != null) {
            batches.markCancelling(id, clock.millis());
            jobs.cancel(row.get().jobId());
        }
        return find(tenantId, id);
    }

    private View view(BatchRow row) throws IOException {
        GenerationBatches.Progress running = row.jobId() == null && !row.status().isTerminal() && generation != null
                ? generation.progress(row.id()) : null;
        if (running != null) {
            BatchStatus live = row.cancellingAt() != null ? BatchStatus.CANCELLING : row.status();
            return new View(row, live, running.total(), running.completed(), running.failed(), null, null);
        }
        if (row.status().isTerminal() || row.jobId() == null) {
            return new View(row, row.status(), row.total(), row.completed(), row.failed(), row.finalizingAt(),
                    row.endedAt(), row.jobId() != null && GenerationBatches.handles(row.endpoint())
                            ? io.terafleet.coordinator.leasing.CheckProgress.of(database, row.jobId()) : null);
        }
        JobStatus job = jobs.status(row.jobId()).orElseThrow();
        BatchStatus live = BatchStatus.ofJobState(job.state());
        boolean generated = GenerationBatches.handles(row.endpoint());
        if (!live.isTerminal()) {
            if (row.cancellingAt() != null && live == BatchStatus.IN_PROGRESS) {
                live = BatchStatus.CANCELLING;
            }
            if (generated) { // a line of n choices is n inputs: count lines, as OpenAI does
                int perLine = Math.max(1, job.total() / Math.max(1, row.total()));
                return new View(row, live, row.total(), job.completed() / perLine, job.failed() / perLine, null, null,
                        io.terafleet.coordinator.leasing.CheckProgress.of(database, row.jobId()));
            }
            return new View(row, live, job.total(), job.completed(), job.failed(), null, null);
        }
        long ended = job.finishedAt() == null ? clock.millis() : job.finishedAt().toEpochMilli();
        if (generated && generation != null) {
            GenerationBatches.Rendered lines = generation.render(row, live, files.content(row.inputFileId()),
                    jobs.answers(row.jobId()));
            batches.finish(row, live, lines.completed(), lines.failed(), ended, ended,
                    BatchOutput.files(row, lines.output(), lines.errors(), clock.millis()));
        } else {
            batches.finish(row, live, job.completed(), job.failed(), ended, ended,
                    output.render(row, live, clock.millis()));
        }
        BatchRow done = batches.find(row.tenantId(), row.id()).orElseThrow();
        return new View(done, done.status(), done.total(), done.completed(), done.failed(), done.finalizingAt(),
                done.endedAt(), generated ? io.terafleet.coordinator.leasing.CheckProgress.of(database, row.jobId())
                        : null);
    }

    private String errorsJson(List<LineError> errors) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (LineError e : errors) {
            var item = new java.util.LinkedHashMap<String, Object>();
            item.put("code", "invalid_request");
            item.put("message", e.detail());
            item.put("param", e.field());
            item.put("line", e.line() > 0 ? e.line() : null);
            data.add(item);
        }
        try {
            return json.writeValueAsString(Map.of("object", "list", "data", data));
        } catch (IOException e) {
            throw new IllegalStateException("errors always serialise", e);
        }
    }
}
