package io.terafleet.coordinator.batches;

import io.terafleet.coordinator.intake.LineError;
import java.util.List;

/**
 * Runs batches of {@code /v1/chat/completions} and {@code /v1/completions} lines: each line is generated on the
 * fleet, as the online API would answer it, and the finished batch gets its output and error files.
 */
public interface GenerationBatches {
    String CHAT = "/v1/chat/completions";
    String COMPLETIONS = "/v1/completions";

    static boolean handles(String endpoint) {
        return CHAT.equals(endpoint) || COMPLETIONS.equals(endpoint);
    }

    /** What the batch's running lines have come to. */
    record Progress(int total, int completed, int failed) {
    }

    /** The lines of a file checked as the online endpoint checks its requests; the model of the file. */
    record Checked(String model, int lines, List<LineError> errors) {
    }

    Checked validate(String endpoint, byte[] content);

    /** A checked file's lines as the inputs of one generation job, each answer at most {@code tokensPerInput}. */
    record Planned(String model, List<io.terafleet.coordinator.intake.ParsedInputs.JobInput> inputs,
                   int tokensPerInput) {
    }

    /** A finished generation job's lines: how many were answered, and the output and error files' content. */
    record Rendered(int completed, int failed, byte[] output, byte[] errors) {
    }

    /**
     * The job to lease for a checked file's lines, or empty when its lines must run one by one on the online path
     * ({@link #start}).
     */
    java.util.Optional<Planned> plan(String endpoint, byte[] content);

    /** The output and error lines of a batch whose job ended, each answered line charged once. */
    Rendered render(BatchRow batch, BatchStatus status, byte[] content,
                    List<io.terafleet.coordinator.jobs.JobRepository.AnswerOutcome> outcomes);

    /** Starts the lines; calls {@code done} once with the output and error files' content when all have ended. */
    void start(BatchRow batch, byte[] content, Finisher done);

    /** Progress of a running batch; null when this coordinator does not run it. */
    Progress progress(String batchId);

    /** Stops a running batch: lines not finished end as cancelled. */
    void cancel(String batchId);

    /** Receives a batch's end. */
    interface Finisher {
        void finish(BatchStatus status, int completed, int failed, byte[] output, byte[] errors);
    }
}
