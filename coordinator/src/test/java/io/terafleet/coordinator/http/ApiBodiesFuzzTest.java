package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzed request bodies against a running coordinator: OpenAI embeddings, KServe inference, the agent API and
 * multipart uploads. Whatever arrives, the answer is never a 5xx other than 503-with-Retry-After (no car ready)
 * and never quotes SQL, stack traces or library internals. Seeds run in every test run; {@code JAZZER_FUZZ=1}
 * fuzzes each target for its {@code maxDuration}.
 */
class ApiBodiesFuzzTest {
    private static CloudFixture cloud;
    private static java.nio.file.Path dir;
    private static String tenantKey;
    private static String carCredential;

    private static synchronized CloudFixture cloud() throws Exception {
        if (cloud == null) {
            dir = Files.createTempDirectory("terafleet-fuzz");
            cloud = new CloudFixture(dir, CloudFixture.secured(dir));
            tenantKey = cloud.tenant("fuzz", ", \"requests_per_second\": 100000, \"burst\": 100000");
            carCredential = cloud.send("POST", "/v1/agent/enroll",
                    "{\"enrollmentToken\": \"enrollment-token-for-tests\", \"carName\": \"fuzz\""
                            + TestCars.KEY_FIELD + "}", null)
                    .json().get("credential").asText();
        }
        return cloud;
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        if (cloud != null) {
            cloud.close();
            cloud = null;
        }
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            dir = null;
        }
    }

    @FuzzTest(maxDuration = "5s")
    void openAiEmbeddings(byte[] body) throws Exception {
        assertSound(cloud().send("POST", "/v1/embeddings", "application/json", body, tenantKey));
    }

    @FuzzTest(maxDuration = "5s")
    void kserveInfer(byte[] body) throws Exception {
        assertSound(cloud().send("POST", "/v2/models/all-minilm-l6-v2/infer", "application/json", body, tenantKey));
    }

    @FuzzTest(maxDuration = "5s")
    void agentBodies(FuzzedDataProvider data) throws Exception {
        String[] routes = {"/v1/agent/lease", "/v1/agent/heartbeat", "/v1/agent/complete", "/v1/agent/release",
                "/v1/agent/status", "/v1/agent/online/poll", "/v1/agent/enroll"};
        String route = data.pickValue(routes);
        byte[] body = data.consumeRemainingAsBytes();
        assertSound(cloud().send("POST", route, "application/json", body, carCredential));
    }

    @FuzzTest(maxDuration = "5s")
    void multipartUpload(FuzzedDataProvider data) throws Exception {
        String boundary = data.consumeBoolean() ? "fuzz" : data.consumeAsciiString(12).replaceAll("[^A-Za-z0-9_-]", "");
        byte[] body = data.consumeRemainingAsBytes();
        assertSound(cloud().send("POST", "/v1/files", "multipart/form-data; boundary=" + boundary, body, tenantKey));
    }

    static void assertSound(CloudFixture.Reply reply) {
        String what = reply.status() + " " + reply.body();
        assertThat(reply.status() < 500 || (reply.status() == 503 && reply.header("Retry-After") != null))
                .as(what).isTrue();
        assertThat(Leaks.find(reply.body())).as(what).isNull();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
