package io.terafleet.agent.models;

import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.agent.inference.Embedder;
import io.terafleet.agent.inference.EmbeddingModelSpec;
import io.terafleet.agent.inference.Embedders;
import io.terafleet.agent.inference.ModelRefusedException;
import io.terafleet.agent.inference.TensorSession;
import io.terafleet.agent.inference.TextModel;
import io.terafleet.core.api.ModelDescriptor;
import io.terafleet.core.vehicle.Eligibility;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a model name into something the car can run, only if the coordinator's registry knows it: built-in
 * models from the car's own jars when it carries them (checked against the catalog's hashes), registered ones,
 * and built-in ones the car does not carry (the agent distribution carries no weights), from the
 * {@link ModelStore}, downloaded over Wi-Fi and checked against the registry's hashes.
 */
public final class ModelResolver {
    private final CoordinatorClient client;
    private final ModelStore store;
    private final TransferGate transfers;
    private final Path builtInCache;
    private final int ortThreads;
    private final CarriedWeights weights;
    private final ConcurrentHashMap<String, ModelDescriptor> described = new ConcurrentHashMap<>();

    public ModelResolver(CoordinatorClient client, ModelStore store, TransferGate transfers, Path builtInCache,
                         int ortThreads) {
        this(client, store, transfers, builtInCache, ortThreads, CarriedWeights.classpath());
    }

    public ModelResolver(CoordinatorClient client, ModelStore store, TransferGate transfers, Path builtInCache,
                         int ortThreads, CarriedWeights weights) {
        this.weights = weights;
        this.client = client;
        this.store = store;
        this.transfers = transfers;
        this.builtInCache = builtInCache;
        this.ortThreads = ortThreads;
    }

    /** The registry's descriptor; a model the registry does not know is refused. */
    public ModelDescriptor describe(String name) {
        ModelDescriptor known = described.get(name);
        if (known != null) {
            return known;
        }
        try {
            ModelDescriptor descriptor = client.model(name);
            described.put(name, descriptor);
            return descriptor;
        } catch (CoordinatorException e) {
            if (e.status() == 404) {
                throw new ModelRefusedException("model '" + name + "' is not registered; a car runs registered models only");
            }
            throw new ModelUnavailableException("model '" + name + "': the registry cannot be read now: " + e.getMessage(), e);
        }
    }

    public Embedder openEmbedder(String name) {
        ModelDescriptor model = describe(name);
        if (!model.isTextEmbedding()) {
            throw new ModelRefusedException("model '" + name + "' is a raw model: it takes tensors, not text");
        }
        var builtIn = EmbeddingModelSpec.find(name);
        if (model.builtIn() && builtIn.isPresent() && weights.carries(name)) {
            return Embedders.open(builtIn.get(), builtInCache, ortThreads); // checks the catalog's hashes
        }
        Path onnx = fetch(model, model.sha256(), model.sizeBytes());
        Path tokenizer = fetch(model, model.tokenizerSha256(), model.tokenizerSizeBytes());
        try {
            var text = new TextModel(name, TextModel.pooling(model.pooling()), model.maxTokens(), model.dimensions(),
                    "registry " + model.sha256());
            return Embedders.open(text, onnx, tokenizer, ortThreads);
        } finally {
            store.unpin(model.sha256());
            store.unpin(model.tokenizerSha256());
        }
    }

    public TensorSession openSession(String name) {
        ModelDescriptor model = describe(name);
        var builtIn = EmbeddingModelSpec.find(name);
        if (model.builtIn() && builtIn.isPresent() && weights.carries(name)) {
            return TensorSession.open(name, Embedders.builtInGraph(builtIn.get(), builtInCache), ortThreads);
        }
        Path onnx = fetch(model, model.sha256(), model.sizeBytes());
        try {
            return TensorSession.open(name, onnx, ortThreads);
        } finally {
            store.unpin(model.sha256());
        }
    }

    /**
     * Downloads one file of a model into {@code target} when the transfer gate allows it; the caller checks its
     * hash (a built-in generative model's files against the catalog).
     */
    public void download(String name, String sha256, Path target) {
        ModelDescriptor model = describe(name);
        long size = sha256.equals(model.sha256()) ? model.sizeBytes() : model.tokenizerSizeBytes();
        if (transfers.mayDownload(Math.max(size, 0)) instanceof Eligibility.NotEligible why) {
            throw new ModelUnavailableException("model '" + name + "' cannot be downloaded now: " + why.reason()
                    + " (" + why.detail() + ")", null);
        }
        client.downloadModelFile(name, sha256, target);
    }

    private Path fetch(ModelDescriptor model, String sha256, long size) {
        try {
            return store.fetch(sha256, size, target -> {
                if (transfers.mayDownload(size) instanceof Eligibility.NotEligible why) {
                    throw new ModelUnavailableException("model '" + model.name() + "' cannot be downloaded now: "
                            + why.reason() + " (" + why.detail() + ")", null);
                }
                client.downloadModelFile(model.name(), sha256, target);
            });
        } catch (IOException e) {
            throw new ModelUnavailableException("model '" + model.name() + "': " + e.getMessage(), e);
        }
    }
}
