package io.terafleet.agentdist;

import io.terafleet.agent.inference.Embedders;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model-cache}: shared by every command that opens a model. */
public final class ModelCacheOption {
    @Option(names = "--model-cache", description = "Where model files are kept (default: ~/.terafleet/models)")
    Path modelCache;

    public Path path() {
        return modelCache != null ? modelCache : Embedders.defaultCacheDir();
    }
}
