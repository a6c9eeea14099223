package io.terafleet.coordinator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.terafleet.coordinator.batches.BatchRow;
import io.terafleet.coordinator.batches.BatchStatus;
import io.terafleet.coordinator.batches.GenerationBatches;
import io.terafleet.coordinator.generation.AnswerMetering;
import io.terafleet.coordinator.generation.GenerationService;
import io.terafleet.coordinator.generation.StoredAnswer;
import io.terafleet.coordinator.intake.ParsedInputs;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.jobs.JobRepository.AnswerOutcome;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chat and completion batch lines as the inputs of one generation job (each prompt and choice an input whose text
 * is its generation task), and the finished job's answers back as OpenAI's batch output lines, each line charged
 * once by its tokens and paid to the cars that generated them.
 */
final class LeasedGenerationLines {
    private final ObjectMapper json;
    private final CompletionRequests requests;
    private final Clock clock;
    private final AnswerMetering metering;
    private final GenerationBatchRunner lines;

    LeasedGenerationLines(ObjectMapper json, CompletionRequests requests, Clock clock, AnswerMetering metering,
                          GenerationBatchRunner lines) {
        this.json = json;
        this.requests = requests;
        this.clock = clock;
        this.metering = metering;
        this.lines = lines;
    }

    /**
     * The job's inputs, in line order; empty when a line asks for log-probabilities, which need each token's text
     * (the online path streams it), so that batch runs line by line.
     */
    Optional<GenerationBatches.Planned> plan(String endpoint, byte[] content) {
        boolean chat = endpoint.equals(GenerationBatches.CHAT);
        List<ParsedInputs.JobInput> inputs = new ArrayList<>();
        String model = null;
        int tokens = 1;
        for (GenerationBatchRunner.Line line : lines.lines(endpoint, content, new ArrayList<>())) {
            CompletionRequests.Parsed request = requests.parse(line.body(), chat);
            if (request.logprobs()) {
                return Optional.empty();
            }
            model = request.model();
            tokens = Math.max(tokens, request.maxTokens());
            for (int p = 0; p < request.promptCount(); p++) {
                for (int c = 0; c < request.n(); c++) {
                    inputs.add(new ParsedInputs.JobInput("L" + line.number() + "P" + p + "C" + c,
                            write(request.task(p, c))));
                }
            }
        }
        return Optional.of(new GenerationBatches.Planned(model, inputs, tokens));
    }

    private String write(Object task) {
        try {
            return json.writeValueAsString(task);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a generation task always serialises", e);
        }
    }

    /** Each line's output (all its answers stored) or error line; a line the job never finished ends as the batch. */
    GenerationBatches.Rendered render(BatchRow batch, BatchStatus status, byte[] content, List<AnswerOutcome> outcomes) {
        boolean chat = batch.endpoint().equals(GenerationBatches.CHAT);
        Map<Integer, AnswerOutcome> byIndex = new HashMap<>();
        outcomes.forEach(o -> byIndex.put(o.index(), o));
        var output = new ByteArrayOutputStream();
        var errors = new ByteArrayOutputStream();
        int completed = 0;
        int next = 0;
        List<GenerationBatchRunner.Line> all = lines.lines(batch.endpoint(), content, new ArrayList<>());
        for (int i = 0; i < all.size(); i++) {
            GenerationBatchRunner.Line line = all.get(i);
            CompletionRequests.Parsed request = requests.parse(line.body(), chat);
            int count = request.promptCount() * request.n();
            List<AnswerOutcome> mine = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                mine.add(byIndex.get(next++));
            }
            String text = render(batch, status, line, i, request, mine);
            boolean ok = mine.stream().allMatch(o -> o != null && o.answerJson() != null);
            completed += ok ? 1 : 0;
            (ok ? output : errors).writeBytes((text + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new GenerationBatches.Rendered(completed, all.size() - completed, output.toByteArray(),
                errors.toByteArray());
    }

    private String render(BatchRow batch, BatchStatus status, GenerationBatchRunner.Line line, int index,
                          CompletionRequests.Parsed request, List<AnswerOutcome> outcomes) {
        Optional<AnswerOutcome> failed = outcomes.stream().filter(o -> o != null && o.error() != null).findFirst();
        if (failed.isPresent() && endedEarly(status, failed.get().error())) {
            return lines.unfinishedLine(batch, line, index, status);
        }
        if (failed.isPresent()) {
            return lines.errorLine(batch, line, index, 500, failed.get().error());
        }
        if (outcomes.stream().anyMatch(o -> o == null)) {
            return lines.unfinishedLine(batch, line, index, status);
        }
        List<StoredAnswer> stored = outcomes.stream().map(o -> StoredAnswer.fromJson(o.answerJson())).toList();
        if (metering != null) { // keyed by the line's request id: rendered twice, charged once
            metering.chargeSplit(GenerationBatchRunner.requestId(batch, index), batch.tenantId(), batch.apiKey(),
                    request.model(), stored, request.n());
        }
        List<GenerationService.Answer> answers = stored.stream().map(LeasedGenerationLines::answer).toList();
        String id = (request.chat() ? "chatcmpl-" : "cmpl-") + GenerationBatchRunner.requestId(batch, index).substring(4);
        ObjectNode body = new CompletionWriter(json, request, id, clock.instant().getEpochSecond()).complete(answers);
        return lines.outputLine(batch, line, index, 200, body);
    }

    /** An input the batch's cancel or expiry left undone, not one that failed on the fleet. */
    private static boolean endedEarly(BatchStatus status, String error) {
        return status == BatchStatus.CANCELLED && JobRepository.CANCELLED_ERROR.equals(error)
                || status == BatchStatus.EXPIRED && JobRepository.EXPIRED_ERROR.equals(error);
    }

    private static GenerationService.Answer answer(StoredAnswer a) {
        String last = a.cars().isEmpty() ? null : a.cars().getLast().carId();
        return new GenerationService.Answer(a.tokens(), a.logprobs(), List.of(), a.text(), a.finishReason(),
                a.promptTokens(), a.cars().size(), 0, a.cars().size() == 1 ? last : null, last);
    }
}
