package io.terafleet.cli;

import io.terafleet.agent.Agent;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.OnlineOptions;
import io.terafleet.agent.inference.Embedders;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Cars that carry the trained text-generation model, switched on and off by plugging them in. */
final class GenerationFleet {
    /** The trained model that ships in the catalog: cars extract it and check its hashes themselves. */
    static final String MODEL = "kjv-gpt";
    static final Path MODEL_DIR = extracted();

    private static Path extracted() {
        try {
            return io.terafleet.generation.BuiltInGenerationModels.extract(MODEL,
                    Embedders.defaultCacheDir().resolve("generation"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The cars' model folders, under one temporary folder that is removed when the test JVM ends. */
    private static final Path MODEL_DIRS = modelDirs();

    private static Path modelDirs() {
        try {
            Path dir = Files.createTempDirectory("terafleet-generation-cars-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the JVM is ending; what could not be read is left
        }
    }

    private GenerationFleet() {
    }

    static Agent car(URI coordinator, String name, SwitchedCar signals) throws IOException {
        var config = new AgentConfig(coordinator, FleetFixture.TOKEN, name, "HW3", List.of(MODEL), 16,
                Duration.ofSeconds(2), Duration.ofMillis(50), FleetFixture.OPTED_IN);
        var online = OnlineOptions.defaults().withModelDir(Files.createTempDirectory(MODEL_DIRS, name + "-"));
        return new Agent(config, signals, model -> Embedders.open(model, Embedders.defaultCacheDir(), 1),
                Clock.systemUTC(), online).start();
    }
}
