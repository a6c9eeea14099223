package io.terafleet.cli;

import io.terafleet.agentdist.ExitScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.agent.Agent;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.inference.Embedder;
import io.terafleet.agent.inference.Embedders;
import io.terafleet.agent.signals.SimulatedParkedCar;
import io.terafleet.core.policy.OwnerPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Shared pieces of the end-to-end tests: real agents, real corpus, real direct inference. */
final class FleetFixture {
    static final String MODEL = "all-minilm-l6-v2";
    static final String TOKEN = "enrollment-token-for-e2e-tests";
    /** Test cars lend themselves: the owner defaults, opted in explicitly. */
    static final OwnerPolicy OPTED_IN = OwnerPolicy.builder().optedIn(true).build();

    private FleetFixture() {
    }

    static Agent agent(URI coordinator, String name) {
        var config = new AgentConfig(coordinator, TOKEN, name, "HW3", List.of(MODEL), 16, Duration.ofSeconds(2),
                Duration.ofMillis(100), OPTED_IN);
        return new Agent(config, new SimulatedParkedCar(Clock.systemUTC(), 80),
                model -> Embedders.open(model, Embedders.defaultCacheDir(), 1), Clock.systemUTC()).start();
    }

    /** A car that also offers {@code models} online (registered ones are fetched from the coordinator). */
    static Agent agent(URI coordinator, String name, List<String> models) {
        var config = new AgentConfig(coordinator, TOKEN, name, "HW3", models, 16, Duration.ofSeconds(2),
                Duration.ofMillis(100), OPTED_IN);
        return new Agent(config, new SimulatedParkedCar(Clock.systemUTC(), 80),
                model -> Embedders.open(model, Embedders.defaultCacheDir(), 1), Clock.systemUTC(),
                io.terafleet.agent.OnlineOptions.defaults().withModelDir(modelDirFor(name))).start();
    }

    /** A car that takes online requests by HTTP long-poll only, as agents before the online channel did. */
    static Agent longPollAgent(URI coordinator, String name) {
        var config = new AgentConfig(coordinator, TOKEN, name, "HW3", List.of(MODEL), 16, Duration.ofSeconds(2),
                Duration.ofMillis(100), OPTED_IN);
        return new Agent(config, new SimulatedParkedCar(Clock.systemUTC(), 80),
                model -> Embedders.open(model, Embedders.defaultCacheDir(), 1), Clock.systemUTC(),
                io.terafleet.agent.OnlineOptions.defaults().withModelDir(modelDirFor(name)).withChannel(false)).start();
    }

    /** Folders the test cars download models into; deleted when the test JVM exits. */
    private static final ExitScope TEST_FOLDERS = ExitScope.open();

    static {
        ExitScope.loadOnnxRuntime();
    }

    private static Path modelDirFor(String name) {
        return TEST_FOLDERS.temporaryFolder("terafleet-" + name + "-models-");
    }

    static HttpRequest.BodyPublisher jsonl(List<String> texts) {
        return HttpRequest.BodyPublishers.ofString(String.join("\n", JsonlFiles.lines(texts)) + "\n", StandardCharsets.UTF_8);
    }

    static List<JsonNode> readResults(Path file) throws IOException {
        var json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    static float[] vector(JsonNode line) {
        JsonNode array = line.get("embedding");
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).floatValue();
        }
        return v;
    }

    /** Direct, in-process inference of the same texts in batches of 32: the reference. */
    static float[][] direct(List<String> texts) {
        try (Embedder embedder = Embedders.open(MODEL, Embedders.defaultCacheDir(), 2)) {
            float[][] out = new float[texts.size()][];
            for (int from = 0; from < texts.size(); from += 32) {
                float[][] batch = embedder.embed(texts.subList(from, Math.min(from + 32, texts.size())));
                System.arraycopy(batch, 0, out, from, batch.length);
            }
            return out;
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /** Asserts one result line per input, in input order, each close to direct inference. */
    static void assertMatchesDirect(List<JsonNode> results, List<String> texts) {
        float[][] reference = direct(texts);
        org.assertj.core.api.Assertions.assertThat(results).hasSize(texts.size());
        List<String> expectedIds = JsonlFiles.lines(texts).stream()
                .map(l -> l.substring(l.indexOf(":\"") + 2, l.indexOf("\",")))
                .toList();
        for (int i = 0; i < texts.size(); i++) {
            JsonNode line = results.get(i);
            org.assertj.core.api.Assertions.assertThat(line.get("index").asInt()).isEqualTo(i);
            org.assertj.core.api.Assertions.assertThat(line.get("custom_id").asText()).isEqualTo(expectedIds.get(i));
            org.assertj.core.api.Assertions.assertThat(line.has("embedding")).as("result %d has an embedding: %s", i, line).isTrue();
            org.assertj.core.api.Assertions.assertThat(cosine(vector(line), reference[i]))
                    .as("cosine of input %d", i).isGreaterThanOrEqualTo(0.9999);
        }
    }
}
