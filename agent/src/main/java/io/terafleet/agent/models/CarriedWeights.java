package io.terafleet.agent.models;

import io.terafleet.agent.inference.EmbeddingModelSpec;

/**
 * Which built-in models' weights this car carries on its classpath. The full jar carries them all; the agent
 * distribution carries none, and fetches a built-in model's files from the coordinator's registry as it does a
 * registered model's (SHA-256 checked, over Wi-Fi only).
 */
@FunctionalInterface
public interface CarriedWeights {
    boolean carries(String model);

    /** Whatever this classpath holds: a built-in embedding model whose graph resource is present. */
    static CarriedWeights classpath() {
        return model -> EmbeddingModelSpec.find(model)
                .map(spec -> CarriedWeights.class.getResource(spec.onnxResource()) != null).orElse(false);
    }

    /** No built-in weights: every model comes from the registry (a car running the agent distribution). */
    static CarriedWeights none() {
        return model -> false;
    }
}
