package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.terafleet.coordinator.batches.BatchRow;
import io.terafleet.coordinator.batches.BatchStatus;
import io.terafleet.coordinator.batches.GenerationBatches;
import io.terafleet.coordinator.generation.GenerationService;
import io.terafleet.coordinator.intake.LineError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chat and completion batches, line by line on the fleet through the same {@link GenerationService} as the online
 * API (so a preempted car's answer resumes on another car here too), a few lines at a time so that online
 * requests keep their cars. Each line's body is what the online endpoint would have answered, usage included.
 */
final class GenerationBatchRunner implements GenerationBatches {
    /** Lines of one batch generated at once: enough to fill a car's decode batch, few enough to leave cars free. */
    static final int LINES_AT_ONCE = 8;
    private static final int MAX_LINES = 50_000;

    private final ObjectMapper json;
    private final CompletionRequests requests;
    private final GenerationService generation;
    private final Clock clock;
    private final io.terafleet.coordinator.generation.AnswerMetering metering;
    private final ConcurrentHashMap<String, Run> runs = new ConcurrentHashMap<>();
    private final LeasedGenerationLines leased;

    record Line(int number, String customId, JsonNode body) {
    }

    private static final class Run {
        final int total;
        final AtomicInteger completed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicBoolean cancelled = new AtomicBoolean();

        Run(int total) {
            this.total = total;
        }
    }

    GenerationBatchRunner(ObjectMapper json, CompletionRequests requests, GenerationService generation, Clock clock,
                          io.terafleet.coordinator.generation.AnswerMetering metering) {
        this.json = json;
        this.metering = metering;
        this.requests = requests;
        this.generation = generation;
        this.clock = clock;
        this.leased = new LeasedGenerationLines(json, requests, clock, metering, this);
    }

    @Override
    public java.util.Optional<Planned> plan(String endpoint, byte[] content) {
        return leased.plan(endpoint, content);
    }

    @Override
    public Rendered render(BatchRow batch, BatchStatus status, byte[] content,
                           List<io.terafleet.coordinator.jobs.JobRepository.AnswerOutcome> outcomes) {
        return leased.render(batch, status, content, outcomes);
    }

    @Override
    public Checked validate(String endpoint, byte[] content) {
        List<LineError> errors = new ArrayList<>();
        String model = null;
        List<Line> lines = lines(endpoint, content, errors);
        for (Line line : lines) {
            try {
                CompletionRequests.Parsed parsed = requests.parse(line.body(), endpoint.equals(CHAT));
                if (parsed.stream()) {
                    errors.add(new LineError(line.number(), "body.stream", "batch requests cannot stream"));
                }
                if (model == null) {
                    model = parsed.model();
                } else if (!model.equals(parsed.model())) {
                    errors.add(new LineError(line.number(), "body.model", "every line of a batch must name the same"
                            + " model (" + model + ")"));
                }
            } catch (ApiError e) {
                errors.add(new LineError(line.number(), "body." + (e.param() == null ? "" : e.param()), e.getMessage()));
            }
            if (errors.size() >= 100) {
                break;
            }
        }
        if (lines.isEmpty() && errors.isEmpty()) {
            errors.add(new LineError(0, null, "the file holds no requests"));
        }
        return new Checked(model, lines.size(), errors);
    }

    List<Line> lines(String endpoint, byte[] content, List<LineError> errors) {
        List<Line> lines = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        String[] text = new String(content, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < text.length && errors.size() < 100; i++) {
            if (text[i].isBlank()) {
                continue;
            }
            int number = i + 1;
            JsonNode node;
            try {
                node = json.readTree(text[i]);
            } catch (IOException e) {
                errors.add(new LineError(number, null, "not valid JSON: " + e.getMessage()));
                continue;
            }
            String customId = node.path("custom_id").asText(null);
            if (customId == null || customId.isEmpty()) {
                errors.add(new LineError(number, "custom_id", "is required"));
            } else if (!ids.add(customId)) {
                errors.add(new LineError(number, "custom_id", "\"" + customId + "\" appears twice"));
            }
            if (!endpoint.equals(node.path("url").asText(null))) {
                errors.add(new LineError(number, "url", "must be \"" + endpoint + "\", the batch's endpoint"));
            }
            if (!"POST".equals(node.path("method").asText(null))) {
                errors.add(new LineError(number, "method", "must be \"POST\""));
            }
            if (!node.path("body").isObject()) {
                errors.add(new LineError(number, "body", "must be the request object"));
                continue;
            }
            lines.add(new Line(number, customId, node.get("body")));
        }
        if (lines.size() > MAX_LINES) {
            errors.add(new LineError(0, null, "a batch holds at most " + MAX_LINES + " requests"));
        }
        return lines;
    }

    @Override
    public void start(BatchRow batch, byte[] content, Finisher done) {
        boolean chat = batch.endpoint().equals(CHAT);
        List<Line> lines = lines(batch.endpoint(), content, new ArrayList<>());
        Run run = new Run(lines.size());
        runs.put(batch.id(), run);
        Thread.ofVirtual().name("batch-" + batch.id()).start(() -> {
            String[] outputs = new String[lines.size()];
            String[] errors = new String[lines.size()];
            Semaphore slots = new Semaphore(LINES_AT_ONCE);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                int index = i;
                try {
                    slots.acquire();
                } catch (InterruptedException e) {
                    break;
                }
                if (run.cancelled.get()) {
                    slots.release();
                    break;
                }
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        String[] outcome = line(batch, chat, lines.get(index), index, run);
                        outputs[index] = outcome[0];
                        errors[index] = outcome[1];
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            finish(batch, lines, outputs, errors, run, done);
        });
    }

    /** One line: its output line or its error line (the other null). */
    private String[] line(BatchRow batch, boolean chat, Line line, int index, Run run) {
        try {
            CompletionRequests.Parsed request = requests.parse(line.body(), chat);
            List<GenerationService.Answer> answers = new ArrayList<>();
            for (int p = 0; p < request.promptCount(); p++) {
                for (int c = 0; c < request.n(); c++) {
                    if (run.cancelled.get()) {
                        return new String[] {null, null};
                    }
                    switch (generation.generateChecked(request.model(), request.task(p, c), (t, ids, texts, lps) -> { }, false)) {
                        case GenerationService.Done d -> answers.add(d.answer());
                        case GenerationService.NotDone n -> {
                            run.failed.incrementAndGet();
                            return new String[] {null, errorLine(batch, line, index, 503,
                                    "no car could generate this request: " + n.failure().outcome())};
                        }
                    }
                }
            }
            String id = (chat ? "chatcmpl-" : "cmpl-") + requestId(batch, index).substring(4);
            if (metering != null) { // keyed by the line's request id: a line run again is not charged twice
                metering.charge(requestId(batch, index), batch.tenantId(), batch.apiKey(), request.model(), answers,
                        request.n());
            }
            ObjectNode body = new CompletionWriter(json, request, id, clock.instant().getEpochSecond()).complete(answers);
            run.completed.incrementAndGet();
            return new String[] {outputLine(batch, line, index, 200, body), null};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new String[] {null, null};
        } catch (RuntimeException e) {
            run.failed.incrementAndGet();
            return new String[] {null, errorLine(batch, line, index, 500, e.getMessage())};
        }
    }

    private void finish(BatchRow batch, List<Line> lines, String[] outputs, String[] errors, Run run, Finisher done) {
        var output = new ByteArrayOutputStream();
        var error = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            String text = outputs[i] != null ? outputs[i] : errors[i] != null ? errors[i] : cancelledLine(batch, lines.get(i), i);
            (outputs[i] != null ? output : error).writeBytes((text + "\n").getBytes(StandardCharsets.UTF_8));
        }
        runs.remove(batch.id());
        int completed = run.completed.get();
        BatchStatus status = run.cancelled.get() ? BatchStatus.CANCELLED
                : completed == 0 ? BatchStatus.FAILED : BatchStatus.COMPLETED;
        done.finish(status, completed, lines.size() - completed, output.toByteArray(), error.toByteArray());
    }

    String outputLine(BatchRow batch, Line line, int index, int status, ObjectNode body) {
        ObjectNode node = json.createObjectNode();
        node.put("id", "batch_req_" + digest(batch.id() + "/" + index));
        node.put("custom_id", line.customId());
        ObjectNode response = node.putObject("response");
        response.put("status_code", status);
        response.put("request_id", requestId(batch, index));
        response.set("body", body);
        node.putNull("error");
        return node.toString();
    }

    String errorLine(BatchRow batch, Line line, int index, int status, String message) {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", "server_error");
        error.putNull("param");
        error.put("code", "generation_failed");
        return outputLine(batch, line, index, status, body);
    }

    private String cancelledLine(BatchRow batch, Line line, int index) {
        return unfinishedLine(batch, line, index, BatchStatus.CANCELLED);
    }

    /** The line of a request the batch ended before: cancelled, or expired with its completion window. */
    String unfinishedLine(BatchRow batch, Line line, int index, BatchStatus status) {
        ObjectNode node = json.createObjectNode();
        node.put("id", "batch_req_" + digest(batch.id() + "/" + index));
        node.put("custom_id", line.customId());
        node.putNull("response");
        ObjectNode error = node.putObject("error");
        boolean expired = status == BatchStatus.EXPIRED;
        error.put("code", expired ? "batch_expired" : "batch_cancelled");
        error.put("message", expired ? "This request could not be executed before the completion window expired."
                : "This request was not executed because the batch was cancelled.");
        return node.toString();
    }


    static String requestId(BatchRow batch, int index) {
        return "req_" + digest(batch.id() + "#" + index);
    }

    private static String digest(String text) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM must provide SHA-256", e);
        }
    }

    @Override
    public Progress progress(String batchId) {
        Run run = runs.get(batchId);
        return run == null ? null : new Progress(run.total, run.completed.get(), run.failed.get());
    }

    @Override
    public void cancel(String batchId) {
        Run run = runs.get(batchId);
        if (run != null) {
            run.cancelled.set(true);
        }
    }
}
