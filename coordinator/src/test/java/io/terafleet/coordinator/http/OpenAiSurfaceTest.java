package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI and KServe surface as clients meet it: compression, file deletion and filters, error envelopes, ids. */
class OpenAiSurfaceTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    CloudFixture cloud;
    String key;

    @BeforeEach
    void start() throws Exception {
        cloud = new CloudFixture(dir, CloudFixture.secured(dir));
        key = cloud.tenant("acme", "");
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private HttpResponse<byte[]> get(String path, String acceptEncoding) throws Exception {
        var request = HttpRequest.newBuilder(cloud.coordinator.uri().resolve(path)).header("Authorization", "Bearer " + key);
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A file large enough to be compressed (several store chunks), downloaded whole with gzip on and off. */
    @Test
    void fileContentDownloadsWholeWithAndWithoutGzip() throws Exception {
        var lines = new StringBuilder();
        for (int i = 0; lines.length() < 1_200_000; i++) {
            lines.append(CloudFixture.batchLine("req-" + i, "the quick brown fox " + i));
        }
        String content = lines.toString();
        String fileId = cloud.upload(content, key).json().get("id").asText();

        var gzipped = get("/v1/files/" + fileId + "/content", "gzip");
        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        gzipped.headers().firstValue("Content-Length").ifPresent(length ->
                assertThat(Long.parseLong(length)).isEqualTo(gzipped.body().length));
        byte[] inflated = new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes();
        assertThat(new String(inflated, StandardCharsets.UTF_8)).isEqualTo(content);
        assertThat(gzipped.body().length).isLessThan(inflated.length / 3);

        var plain = get("/v1/files/" + fileId + "/content", null);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("Content-Length")).contains(Integer.toString(content.length()));
        assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo(content);
    }

    @Test
    void filesAreDeletedAndListedByPurpose() throws Exception {
        String kept = cloud.upload(CloudFixture.batchLine("a", "one"), key).json().get("id").asText();
        String gone = cloud.upload(CloudFixture.batchLine("b", "two"), key).json().get("id").asText();

        var deleted = cloud.send("DELETE", "/v1/files/" + gone, null, key);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("id").asText()).isEqualTo(gone);
        assertThat(deleted.json().get("object").asText()).isEqualTo("file");
        assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
        assertThat(cloud.send("GET", "/v1/files/" + gone, null, key).status()).isEqualTo(404);
        assertThat(cloud.send("GET", "/v1/files/" + gone + "/content", null, key).status()).isEqualTo(404);
        var again = cloud.send("DELETE", "/v1/files/" + gone, null, key);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.openAiError().get("param").asText()).isEqualTo("file_id");

        assertThat(ids(cloud.send("GET", "/v1/files?purpose=batch", null, key).json())).containsExactly(kept);
        assertThat(ids(cloud.send("GET", "/v1/files?purpose=batch_output", null, key).json())).isEmpty();
        assertThat(ids(cloud.send("GET", "/v1/files", null, key).json())).containsExactly(kept);
        var bad = cloud.send("GET", "/v1/files?purpose=fine-tune", null, key);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.openAiError().get("param").asText()).isEqualTo("purpose");
    }

    @Test
    void unknownOpenAiRoutesAnswerOpenAisEnvelopeAndNativeOnesProblemJson() throws Exception {
        for (String path : new String[] {"/v1/assistants", "/v1/files/x/y/z", "/v1/fine_tuning/jobs", "/v1/embeddings/x"}) {
            var reply = cloud.send("GET", path, null, key);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.header("Content-Type")).as(path).startsWith("application/json");
            assertThat(reply.openAiError().get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(reply.openAiError().get("message").asText()).contains(path);
        }
        var nativeMiss = cloud.send("GET", "/v1/jobs/x/y/z", null, key);
        assertThat(nativeMiss.status()).isEqualTo(404);
        assertThat(nativeMiss.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void everyResponseCarriesARequestId() throws Exception {
        var ok = cloud.send("GET", "/v1/models", null, key);
        var missing = cloud.send("GET", "/v1/no-such-thing", null, key);
        var unauthorised = cloud.send("GET", "/v1/files", null, null);
        var invalid = cloud.send("POST", "/v1/embeddings", "{}", key);
        var kserve = cloud.send("GET", "/v2/health/live", null, key);
        for (var reply : new CloudFixture.Reply[] {ok, missing, unauthorised, invalid, kserve}) {
            assertThat(reply.header("x-request-id")).as(reply.body()).matches("req_[0-9a-f]{32}");
        }
        assertThat(ok.header("x-request-id")).isNotEqualTo(missing.header("x-request-id"));
    }

    @Test
    void kserveModelReadyIs4xxWhenNoCarServesIt() throws Exception {
        var ready = cloud.send("GET", "/v2/models/all-minilm-l6-v2/ready", null, key);
        assertThat(ready.status()).isEqualTo(400);
        assertThat(ready.json().get("ready").asBoolean()).isFalse();
        assertThat(cloud.send("GET", "/v2/models/nope/ready", null, key).status()).isEqualTo(404);
    }

    @Test
    void kserveMetadataListsTextInForTextModelsAndTextIsValidated() throws Exception {
        var metadata = cloud.send("GET", "/v2/models/all-minilm-l6-v2", null, key).json();
        assertThat(names(metadata.get("inputs"))).contains("input_ids", "attention_mask", "text");
        assertThat(names(metadata.get("outputs"))).contains("embedding");
        var wrongCount = cloud.send("POST", "/v2/models/all-minilm-l6-v2/infer", "{\"inputs\": [{\"name\": \"text\","
                + " \"datatype\": \"BYTES\", \"shape\": [3], \"data\": [\"a\", \"b\"]}]}", key);
        assertThat(wrongCount.status()).isEqualTo(400);
        assertThat(wrongCount.json().get("error").asText()).contains("needs 3 strings");
        // INT32 ids where INT64 is declared, and no token_type_ids: accepted, so the request reaches routing.
        var widened = cloud.send("POST", "/v2/models/all-minilm-l6-v2/infer", "{\"inputs\": [{\"name\": \"input_ids\","
                + " \"datatype\": \"INT32\", \"shape\": [1, 3], \"data\": [101, 7592, 102]}, {\"name\": \"attention_mask\","
                + " \"datatype\": \"INT32\", \"shape\": [1, 3], \"data\": [1, 1, 1]}]}", key);
        assertThat(widened.status()).as(widened.body()).isEqualTo(503);
    }

    @Test
    void theOpenApiDocumentDescribesKServe() throws Exception {
        String yaml = new String(get("/openapi.yaml", null).body(), StandardCharsets.UTF_8);
        assertThat(yaml).contains("/v2/models/{name}/infer:", "/v2/models/{name}/ready:", "/v2/health/ready:", "/v2:");
        assertThat(yaml).contains("delete:");
    }

    private static java.util.List<String> ids(JsonNode list) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        list.get("data").forEach(f -> ids.add(f.get("id").asText()));
        return ids;
    }

    private static java.util.List<String> names(JsonNode specs) {
        java.util.List<String> names = new java.util.ArrayList<>();
        specs.forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

}
