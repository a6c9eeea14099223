package io.terafleet.coordinator.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The console's files, read once from the coordinator's own classpath: its pages, scripts and style under
 * {@code /console/}, and the chart library from its webjar. Only the names listed here are served, so no path a
 * caller writes reaches any other resource; nothing is fetched from outside at run time.
 */
public final class ConsoleAssets {
    /** One file: its bytes and content type. */
    public record Asset(byte[] bytes, String contentType) {
    }

    private static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.common.min.js";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "/console/index.html",
            "console.css", "/console/console.css",
            "console.js", "/console/console.js",
            "owner.js", "/console/owner.js",
            "customer.js", "/console/customer.js",
            "operator.js", "/console/operator.js",
            "charts.js", "/console/charts.js",
            "policy.js", "/console/policy.js",
            "echarts.js", ECHARTS);

    private final Map<String, Asset> assets;

    public ConsoleAssets() {
        this.assets = FILES.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> new Asset(read(e.getValue()), type(e.getKey()))));
    }

    public Optional<Asset> find(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    private static byte[] read(String path) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the console's file " + path + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }

    private static String type(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        return name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    }
}
