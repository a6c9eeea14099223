package io.terafleet.agent.work;

import io.terafleet.agent.inference.Embedder;

/** Opens the embedder for a model name; the agent opens each model once and keeps it. */
@FunctionalInterface
public interface EmbedderOpener {
    Embedder open(String model);
}
