package io.terafleet.coordinator.models;

import io.terafleet.coordinator.db.Database;
import io.terafleet.core.api.ModelDescriptor;
import io.terafleet.core.api.TensorSpec;
import io.terafleet.core.model.ModelCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models cars may run: the built-in ones (the full jar carries their files; the coordinator serves them to
 * cars whose agent distribution does not) and those operators register
 * (files stored here by SHA-256, metadata in the store). Lookups are served from memory after the first, so
 * an online request does not wait for the store; registrations are immutable, so memory never goes stale.
 */
public final class ModelRegistry {
    /** Outcome of a registration: registered, or refused because the name is taken. */
    public sealed interface Outcome {
    }

    public record Registered(ModelDescriptor model) implements Outcome {
    }

    public record NameTaken(String name) implements Outcome {
    }

    private final ModelRepository models;
    private final ModelBlobs blobs;
    private final Clock clock;
    private final long maxModelBytes;
    private final ConcurrentHashMap<String, ModelDescriptor> known = new ConcurrentHashMap<>();
    private final java.util.Set<String> generation = new java.util.concurrent.ConcurrentSkipListSet<>();

    public ModelRegistry(Database database, ModelBlobs blobs, Clock clock, long maxModelBytes) {
        this.models = new ModelRepository(database);
        this.blobs = blobs;
        this.clock = clock;
        this.maxModelBytes = maxModelBytes;
        ModelCatalog.builtIn().forEach(m -> known.put(m.name(), builtIn(m)));
        ModelCatalog.generative().forEach(m -> declareGeneration(m.name(), m.sha256(), m.maxTokens()));
    }

    public Optional<ModelDescriptor> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        ModelDescriptor cached = known.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ModelDescriptor> stored = models.find(name);
        stored.ifPresent(m -> known.put(m.name(), m));
        return stored;
    }

    /**
     * Declares a text-generation model the cars carry themselves (the trained model ships with every car): the
     * coordinator only needs its name and context length to route and check requests. Held in memory, declared
     * at every start.
     *
     * @param sha256 SHA-256 of the model's graph, as the cars check it
     */
    public ModelDescriptor declareGeneration(String name, String sha256, int contextLength) {
        ModelDescriptor descriptor = new ModelDescriptor(name, "1", ModelDescriptor.TEXT_GENERATION, sha256,
                BuiltInFiles.sizeOf(name, sha256), null, -1, null, 0, contextLength, true, List.of(), List.of(),
                clock.millis());
        known.put(name, descriptor);
        generation.add(name);
        return descriptor;
    }

    /** Built-in models first, then declared generation models, then registered ones by name. */
    public List<ModelDescriptor> list() {
        List<ModelDescriptor> all = new ArrayList<>();
        ModelCatalog.builtIn().forEach(m -> all.add(known.get(m.name())));
        generation.forEach(name -> all.add(known.get(name)));
        all.addAll(models.list());
        return all;
    }

    /** Registers a model whose graph (and tokenizer, for text embeddings) arrive as streams. */
    public Outcome register(ModelRegistration registration, InputStream onnx, InputStream tokenizer)
            throws IOException {
        if (ModelCatalog.find(registration.name()).isPresent() || find(registration.name()).isPresent()
                || generation.contains(registration.name())) {
            return new NameTaken(registration.name());
        }
        if (registration.isTextEmbedding() && tokenizer == null) {
            throw new IllegalArgumentException("tokenizer_path: a text-embedding model needs its tokenizer.json");
        }
        ModelBlobs.Blob graph = blobs.store(onnx, maxModelBytes);
        ModelBlobs.Blob tokens = tokenizer == null ? null : blobs.store(tokenizer, maxModelBytes);
        OnnxSignature.Signature signature = OnnxSignature.read(blobs.path(graph.sha256()));
        if (registration.isTextEmbedding()) {
            requireTextInputs(signature);
        }
        var descriptor = new ModelDescriptor(registration.name(), registration.version(), registration.kind(),
                graph.sha256(), graph.size(), tokens == null ? null : tokens.sha256(), tokens == null ? 0 : tokens.size(),
                registration.pooling(), registration.dimensions(), registration.maxTokens(), false,
                signature.inputs(), signature.outputs(), clock.millis());
        if (!models.insert(descriptor)) {
            return new NameTaken(registration.name());
        }
        known.put(descriptor.name(), descriptor);
        return new Registered(descriptor);
    }

    /** The stored file with this hash, if it belongs to a registered model. */
    public Optional<Path> file(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        return blobs.find(sha256);
    }

    private static void requireTextInputs(OnnxSignature.Signature signature) {
        boolean hasIds = signature.inputs().stream().anyMatch(s -> s.name().equals("input_ids"));
        if (!hasIds) {
            throw new IllegalArgumentException("kind: a text-embedding graph needs an input named input_ids; this one has "
                    + signature.inputs().stream().map(TensorSpec::name).toList());
        }
    }

    /**
     * The built-in graphs are BERT encoders with the same signature; the agent's tests check it against each
     * file's ONNX Runtime metadata.
     */
    static ModelDescriptor builtIn(ModelCatalog.ModelInfo m) {
        List<Long> tokens = List.of(-1L, -1L);
        List<TensorSpec> inputs = List.of(new TensorSpec("input_ids", "INT64", tokens),
                new TensorSpec("attention_mask", "INT64", tokens), new TensorSpec("token_type_ids", "INT64", tokens));
        List<TensorSpec> outputs = List.of(new TensorSpec("last_hidden_state", "FP32", List.of(-1L, -1L, (long) m.dimensions())));
        // Sizes from this classpath when it carries the files (cars that do not carry them budget and fetch by them).
        return new ModelDescriptor(m.name(), "1", m.kind(), m.sha256(), BuiltInFiles.sizeOf(m.name(), m.sha256()),
                m.tokenizerSha256(), BuiltInFiles.sizeOf(m.name(), m.tokenizerSha256()), m.pooling(),
                m.dimensions(), m.maxTokens(), true, inputs, outputs, 0);
    }
}
