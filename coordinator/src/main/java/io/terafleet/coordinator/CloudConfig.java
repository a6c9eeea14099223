package io.terafleet.coordinator;

import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.online.OnlineConfig;
import io.terafleet.coordinator.tenants.TenantLimits;
import java.nio.file.Path;
import java.util.List;

/**
 * The cloud side of a coordinator: who may call it and how online requests are served; validated at
 * construction, errors name the field.
 *
 * @param operatorKeys       keys for the operator endpoints (models, tenants, enrollment tokens); none means
 *                           those endpoints refuse everyone
 * @param allowAnonymous     whether callers without a key act as the default tenant (the embedded demo and
 *                           tests; never a coordinator on a network)
 * @param defaultTenantKeys  keys of the default tenant, created at start-up (e.g. the demo's)
 * @param modelDir           where registered model files are kept, named by SHA-256
 * @param online             online routing: timeouts, retries, waits
 * @param defaultLimits      limits of tenants created without their own
 * @param maxEmbeddingInputs most texts in one {@code /v1/embeddings} request (OpenAI allows 2,048)
 * @param maxInputChars      most characters in one text
 * @param maxModelBytes      largest model file accepted
 * @param maxFileBytes       largest file accepted by {@code /v1/files}
 */
public record CloudConfig(List<String> operatorKeys, boolean allowAnonymous, List<String> defaultTenantKeys,
                          Path modelDir, OnlineConfig online, TenantLimits defaultLimits, int maxEmbeddingInputs,
                          int maxInputChars, long maxModelBytes, long maxFileBytes) {
    public CloudConfig {
        operatorKeys = List.copyOf(operatorKeys == null ? List.of() : operatorKeys);
        defaultTenantKeys = List.copyOf(defaultTenantKeys == null ? List.of() : defaultTenantKeys);
        for (String key : operatorKeys) {
            require(key != null && key.length() >= 16, "operatorKeys", "each key needs 16 or more characters");
        }
        for (String key : defaultTenantKeys) {
            require(key != null && key.length() >= 16, "defaultTenantKeys", "each key needs 16 or more characters");
        }
        require(modelDir != null, "modelDir", "must be set");
        require(online != null, "online", "must be set");
        require(defaultLimits != null, "defaultLimits", "must be set");
        require(maxEmbeddingInputs >= 1 && maxEmbeddingInputs <= 100_000, "maxEmbeddingInputs",
                "must be within 1..100000, was " + maxEmbeddingInputs);
        require(maxInputChars >= 1, "maxInputChars", "must be at least 1, was " + maxInputChars);
        require(maxModelBytes >= 1, "maxModelBytes", "must be at least 1");
        require(maxFileBytes >= 1, "maxFileBytes", "must be at least 1");
    }

    /**
     * For a coordinator embedded in one process (the demo, tests): callers without a key are the default
     * tenant, no operator key; model files next to the H2 store, or under the user's home for PostgreSQL.
     */
    public static CloudConfig embedded(DatabaseConfig database) {
        return new CloudConfig(List.of(), true, List.of(), modelDirFor(database), OnlineConfig.DEFAULTS,
                TenantLimits.DEFAULTS, 2048, 32_768, 4L << 30, 512L << 20);
    }

    /** A networked coordinator: every caller needs a key. */
    public static CloudConfig secured(DatabaseConfig database, List<String> operatorKeys) {
        return embedded(database).withOperatorKeys(operatorKeys).withAnonymous(false);
    }

    /** Next to the H2 files, or {@code ~/.terafleet/coordinator-models} for PostgreSQL. */
    public static Path modelDirFor(DatabaseConfig database) {
        String url = database.jdbcUrl();
        if (url.startsWith("jdbc:h2:file:")) {
            String base = url.substring("jdbc:h2:file:".length()).split(";")[0];
            return Path.of(base).toAbsolutePath().getParent().resolve("models");
        }
        return Path.of(System.getProperty("user.home"), ".terafleet", "coordinator-models");
    }

    public CloudConfig withOperatorKeys(List<String> keys) {
        return new CloudConfig(keys, allowAnonymous, defaultTenantKeys, modelDir, online, defaultLimits,
                maxEmbeddingInputs, maxInputChars, maxModelBytes, maxFileBytes);
    }

    public CloudConfig withAnonymous(boolean allow) {
        return new CloudConfig(operatorKeys, allow, defaultTenantKeys, modelDir, online, defaultLimits,
                maxEmbeddingInputs, maxInputChars, maxModelBytes, maxFileBytes);
    }

    public CloudConfig withDefaultTenantKeys(List<String> keys) {
        return new CloudConfig(operatorKeys, allowAnonymous, keys, modelDir, online, defaultLimits,
                maxEmbeddingInputs, maxInputChars, maxModelBytes, maxFileBytes);
    }

    public CloudConfig withOnline(OnlineConfig config) {
        return new CloudConfig(operatorKeys, allowAnonymous, defaultTenantKeys, modelDir, config, defaultLimits,
                maxEmbeddingInputs, maxInputChars, maxModelBytes, maxFileBytes);
    }

    public CloudConfig withDefaultLimits(TenantLimits limits) {
        return new CloudConfig(operatorKeys, allowAnonymous, defaultTenantKeys, modelDir, online, limits,
                maxEmbeddingInputs, maxInputChars, maxModelBytes, maxFileBytes);
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": " + message);
        }
    }
}
