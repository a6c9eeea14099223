package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.access.RouteTable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzz of the whole HTTP surface: every route in the router's table, mutated bodies (NUL, unpaired
 * surrogates, wrong types, truncation, random bytes), odd path and query parameters and every kind of credential.
 * No answer is a 5xx (503 with Retry-After aside: no car ready) and none quotes SQL, stack traces or internals.
 * {@code -Dterafleet.fuzz.requests=N -Dterafleet.fuzz.seed=S} runs a longer or another campaign.
 */
class HttpFuzzTest {
    private static final List<String> NASTY = List.of("\\u0000", "\\ud800", "\"", "{", "}", "[", "]", ",", ":",
            "\\", "1e999", "-1", "null", "true", "\n", "\uD83D\uDE97", "%00", "x".repeat(5_000), "0", "[]", "{}",
            "\"\\u0000\"", "9223372036854775808", "-0.0", "NaN");
    private static final Map<String, String> BODIES = Map.ofEntries(
            Map.entry("/v1/embeddings", "{\"model\": \"all-minilm-l6-v2\", \"input\": [\"a\", \"b\"]}"),
            Map.entry("/v1/tenants", "{\"name\": \"t\", \"requests_per_second\": 5, \"burst\": 2}"),
            Map.entry("/v1/batches", "{\"input_file_id\": \"file-x\", \"endpoint\": \"/v1/embeddings\","
                    + " \"completion_window\": \"24h\", \"metadata\": {\"k\": \"v\"}}"),
            Map.entry("/v1/jobs", "{\"custom_id\": \"a\", \"input\": \"hello\"}\n{\"custom_id\": \"b\", \"input\": \"x\"}\n"),
            Map.entry("/v1/agent/enroll", "{\"enrollmentToken\": \"enrollment-token-for-tests\", \"carName\": \"c\","
                    + " \"hardwareClass\": \"orin\"" + TestCars.KEY_FIELD + "}"),
            Map.entry("/v1/agent/lease", "{\"maxUnits\": 2, \"waitMillis\": 0, \"models\": [\"all-minilm-l6-v2\"]}"),
            Map.entry("/v1/agent/heartbeat", "{\"leaseId\": \"lease-1\"}"),
            Map.entry("/v1/agent/complete", "{\"leaseId\": \"lease-1\", \"results\": [{\"inputId\": 1, \"embedding\":"
                    + " [0.6, 0.8]}], \"energyWh\": 0.1}"),
            Map.entry("/v1/agent/release", "{\"leaseId\": \"lease-1\", \"energyWh\": 0.1}"),
            Map.entry("/v1/agent/status", "{\"eligible\": false, \"reason\": \"driving\", \"detail\": \"d\"}"),
            Map.entry("/v1/agent/online/poll", "{\"models\": [\"all-minilm-l6-v2\"], \"waitMillis\": 0}"),
            Map.entry("infer", "{\"inputs\": [{\"name\": \"text\", \"shape\": [1], \"datatype\": \"BYTES\","
                    + " \"data\": [\"hi\"]}]}"),
            Map.entry("result", "{\"embeddings\": [[0.6, 0.8]], \"computeNanos\": 5}"));

    @TempDir
    Path dir;
    CloudFixture cloud;
    final List<String> keys = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cloud = new CloudFixture(dir, CloudFixture.secured(dir));
        keys.add(null);
        keys.add(CloudFixture.OPERATOR);
        keys.add(cloud.tenant("fuzz", ", \"requests_per_second\": 100000, \"burst\": 100000"));
        keys.add(cloud.send("POST", "/v1/agent/enroll", BODIES.get("/v1/agent/enroll"), null).json().get("credential").asText());
        keys.add("sk-tf-not-a-key-at-all-000000");
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void noRequestGetsA5xxOrLeaksInternals() throws Exception {
        long seed = Long.getLong("terafleet.fuzz.seed", 20261207L);
        int requests = Integer.getInteger("terafleet.fuzz.requests", 1_500);
        Random random = new Random(seed);
        List<RouteTable.Route> routes = cloud.coordinator.routes().routes();
        for (int i = 0; i < requests; i++) {
            RouteTable.Route route = routes.get(random.nextInt(routes.size()));
            String path = path(route.path(), random) + query(random);
            String method = route.method().name();
            byte[] body = method.equals("GET") ? null : body(route.path(), random);
            String type = route.path().equals("/v1/jobs") ? "application/jsonl" : "application/json";
            var reply = cloud.send(method, path, type, body, keys.get(random.nextInt(keys.size())));
            String what = "seed " + seed + " #" + i + ": " + method + " " + path + " "
                    + (body == null ? "" : new String(body, StandardCharsets.UTF_8)) + " -> " + reply.status() + " "
                    + reply.body();
            assertThat(reply.status() < 500 || (reply.status() == 503 && reply.header("Retry-After") != null))
                    .as(what).isTrue();
            assertThat(Leaks.find(reply.body())).as(what).isNull();
        }
    }

    private static String path(String pattern, Random random) {
        StringBuilder out = new StringBuilder();
        for (String part : pattern.split("/", -1)) {
            if (!out.isEmpty() || !part.isEmpty()) {
                out.append('/');
            }
            if (part.startsWith("{")) {
                String value = switch (random.nextInt(4)) {
                    case 0 -> "all-minilm-l6-v2";
                    case 1 -> "file-" + random.nextInt(100);
                    case 2 -> URLEncoder.encode(NASTY.get(random.nextInt(NASTY.size())), StandardCharsets.UTF_8);
                    default -> "%00" + random.nextInt(10);
                };
                out.append(value);
            } else {
                out.append(part);
            }
        }
        return out.toString().replace("//", "/");
    }

    private static String query(Random random) {
        if (random.nextInt(3) > 0) {
            return "";
        }
        String[] names = {"after", "limit", "customer", "model", "from", "to", "tenant", "replication", "priority",
                "completion_window", "name", "version", "adaptive"};
        String value = random.nextBoolean() ? URLEncoder.encode(NASTY.get(random.nextInt(NASTY.size())),
                StandardCharsets.UTF_8) : String.format("%%%02x", random.nextInt(256));
        return "?" + names[random.nextInt(names.length)] + "=" + value;
    }

    private static byte[] body(String route, Random random) {
        String base = BODIES.entrySet().stream().filter(e -> route.equals(e.getKey()) || route.endsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse("{}");
        return switch (random.nextInt(5)) {
            case 0 -> base.getBytes(StandardCharsets.UTF_8);
            case 1 -> insert(base, NASTY.get(random.nextInt(NASTY.size())), random);
            case 2 -> base.substring(0, random.nextInt(base.length() + 1)).getBytes(StandardCharsets.UTF_8);
            case 3 -> replaceValue(base, NASTY.get(random.nextInt(NASTY.size())), random);
            default -> {
                byte[] bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                yield bytes;
            }
        };
    }

    private static byte[] insert(String base, String what, Random random) {
        int at = random.nextInt(base.length() + 1);
        return (base.substring(0, at) + what + base.substring(at)).getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces the text after one colon up to the next comma or brace: a field given another value or type. */
    private static byte[] replaceValue(String base, String value, Random random) {
        List<Integer> colons = new ArrayList<>();
        for (int i = 0; i < base.length(); i++) {
            if (base.charAt(i) == ':') {
                colons.add(i);
            }
        }
        if (colons.isEmpty()) {
            return insert(base, value, random);
        }
        int start = colons.get(random.nextInt(colons.size())) + 1;
        int end = start;
        while (end < base.length() && ",}\n".indexOf(base.charAt(end)) < 0) {
            end++;
        }
        String replacement = random.nextBoolean() ? "\"" + value + "\"" : value;
        return (base.substring(0, start) + " " + replacement + base.substring(end)).getBytes(StandardCharsets.UTF_8);
    }
}
