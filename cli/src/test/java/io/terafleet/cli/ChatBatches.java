package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.models.batches.Batch;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.core.ledger.StatementLine;
import io.terafleet.generation.ChatMessage;
import io.terafleet.generation.GenerationEngine;
import io.terafleet.generation.GenerationRequest;
import io.terafleet.generation.TokenListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.awaitility.Awaitility;

/** Chat batches of the shipped generation model for the tests of lying cars: made, awaited, and checked. */
final class ChatBatches {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatBatches() {
    }

    /** Uploads one chat request per prompt (greedy, {@code maxTokens}) as a batch input file; ids {@code prefix<index>}. */
    static String uploadPrompts(OpenAIClient openai, String prefix, List<String> prompts, int maxTokens) {
        var lines = new StringBuilder();
        for (int i = 0; i < prompts.size(); i++) {
            lines.append("{\"custom_id\": \"").append(prefix).append(i).append("\", \"method\": \"POST\", \"url\":")
                    .append(" \"/v1/chat/completions\", \"body\": {\"model\": \"").append(GenerationFleet.MODEL)
                    .append("\", \"messages\": [{\"role\": \"user\", \"content\": \"").append(prompts.get(i))
                    .append("\"}], \"max_tokens\": ").append(maxTokens).append(", \"temperature\": 0}}\n");
        }
        return openai.files().create(FileCreateParams.builder()
                .file(lines.toString().getBytes(StandardCharsets.UTF_8)).purpose(FilePurpose.BATCH).build()).id();
    }

    /** The batch once it ended (completed, failed, cancelled or expired), within three minutes. */
    static Batch awaitEnd(OpenAIClient openai, Batch batch) {
        Batch[] last = {batch};
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = openai.batches().retrieve(batch.id());
            return List.of("completed", "failed", "cancelled", "expired").contains(last[0].status().asString());
        });
        return last[0];
    }

    /**
     * The batch's output file has one line per prompt, and each line's answer is the model's own greedy answer to
     * its prompt, computed here by {@code direct}; a line's {@code custom_id} ends in {@code -<index of its prompt>}.
     */
    static void assertIsTheModelsGreedyAnswers(OpenAIClient openai, Batch done, List<String> prompts, int maxTokens,
                                               GenerationEngine direct) throws Exception {
        String output;
        try (var in = openai.files().content(done.outputFileId().orElseThrow()).body()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> lines = output.lines().toList();
        assertThat(lines).hasSize(prompts.size());
        for (String text : lines) {
            JsonNode line = JSON.readTree(text);
            String customId = line.get("custom_id").asText();
            int i = Integer.parseInt(customId.substring(customId.lastIndexOf('-') + 1));
            int[] prompt = direct.encode(direct.applyChatTemplate(List.of(new ChatMessage("user", prompts.get(i)))));
            String expected = direct.submit(GenerationRequest.greedy(prompt, maxTokens), TokenListener.NONE)
                    .result().get(60, TimeUnit.SECONDS).text();
            assertThat(line.get("response").get("body").get("choices").get(0).get("message").get("content")
                    .asText()).as("line " + i).isEqualTo(expected);
        }
    }

    /** What the owner's statement adds up to, of one of its columns. */
    static long paid(Coordinator coordinator, String owner, ToLongFunction<StatementLine> what) {
        return coordinator.ledger().statement(owner, null, null).totals().stream().mapToLong(what).sum();
    }
}
