package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests to the cloud APIs get a 4xx naming what is wrong, in the endpoint's own error format. */
class CloudBadRequestTest {
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

    private CloudFixture.Reply embeddings(String body) throws Exception {
        return cloud.send("POST", "/v1/embeddings", body, key);
    }

    private void assertOpenAi400(CloudFixture.Reply reply, String param, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(reply.openAiError().get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(reply.openAiError().get("message").asText()).contains(message);
        if (param != null) {
            assertThat(reply.openAiError().get("param").asText()).isEqualTo(param);
        }
    }

    @Test
    void embeddingsRefuseWrongTypesEmptyAndOversizedInput() throws Exception {
        assertOpenAi400(embeddings("{\"model\": \"all-minilm-l6-v2\", \"input\": 42}"), "input", "string or an array");
        assertOpenAi400(embeddings("{\"model\": \"all-minilm-l6-v2\", \"input\": \"\"}"), "input", "must not be empty");
        assertOpenAi400(embeddings("{\"model\": \"all-minilm-l6-v2\", \"input\": []}"), "input", "empty array");
        assertOpenAi400(embeddings("{\"model\": \"all-minilm-l6-v2\", \"input\": [\"a\", 3]}"), "input", "token arrays");
        assertOpenAi400(embeddings("{\"model\": \"all-minilm-l6-v2\", \"input\": [[1, 2]]}"), "input", "token arrays");
        assertOpenAi400(embeddings("{\"model\": \"all-minilm-l6-v2\", \"input\": [\"a\", null]}"), "input", "must be a string");
        assertOpenAi400(embeddings("{\"model\": 7, \"input\": \"a\"}"), "model", "must be a string");
        assertOpenAi400(embeddings("{\"input\": \"a\"}"), "model", "Missing required parameter");
        assertOpenAi400(embeddings("{\"model\": \"all-minilm-l6-v2\"}"), "input", "Missing required parameter");
        assertOpenAi400(embeddings("{\"model\": \"all-minilm-l6-v2\", \"input\": \"a\", \"encoding_format\": \"int8\"}"),
                "encoding_format", "'float' or 'base64'");
        assertOpenAi400(embeddings("{\"model\": \"all-minilm-l6-v2\", \"input\": \"a\", \"dimensions\": 64}"),
                "dimensions", "384");
        assertOpenAi400(embeddings("[1, 2]"), null, "JSON object");
        assertOpenAi400(embeddings("{not json"), null, "parse the JSON");
        String huge = "x".repeat(32_769);
        assertOpenAi400(embeddings("{\"model\": \"all-minilm-l6-v2\", \"input\": \"" + huge + "\"}"), "input", "at most 32768");
        String many = "[" + "\"a\",".repeat(2048) + "\"a\"]";
        assertOpenAi400(embeddings("{\"model\": \"all-minilm-l6-v2\", \"input\": " + many + "}"), "input", "at most 2048");
    }

    @Test
    void anUnknownModelIs404ModelNotFound() throws Exception {
        var reply = embeddings("{\"model\": \"gpt-4\", \"input\": \"a\"}");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.openAiError().get("code").asText()).isEqualTo("model_not_found");
        assertThat(cloud.send("GET", "/v1/models/gpt-4", null, key).status()).isEqualTo(404);
    }

    @Test
    void kserveErrorsAreKServeBodies() throws Exception {
        var unknown = cloud.send("POST", "/v2/models/nope/infer", "{\"inputs\": []}", key);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").isTextual()).isTrue();
        var noInputs = cloud.send("POST", "/v2/models/all-minilm-l6-v2/infer", "{\"inputs\": []}", key);
        assertThat(noInputs.status()).isEqualTo(400);
        assertThat(noInputs.json().get("error").asText()).contains("inputs");
        String wrongShape = "{\"inputs\": [{\"name\": \"input_ids\", \"datatype\": \"INT64\", \"shape\": [1, 3], \"data\": [1, 2]}]}";
        var shape = cloud.send("POST", "/v2/models/all-minilm-l6-v2/infer", wrongShape, key);
        assertThat(shape.status()).isEqualTo(400);
        assertThat(shape.json().get("error").asText()).contains("needs 3 elements");
        String wrongType = "{\"inputs\": [{\"name\": \"input_ids\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": [1]}]}";
        assertThat(cloud.send("POST", "/v2/models/all-minilm-l6-v2/infer", wrongType, key).json().get("error").asText())
                .contains("is INT64");
        var metadata = cloud.send("GET", "/v2/models/all-minilm-l6-v2", null, key);
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.json().get("inputs").get(0).get("datatype").asText()).isEqualTo("INT64");
    }

    @Test
    void batchesAndFilesRefuseBadRequests() throws Exception {
        String fileId = cloud.upload(CloudFixture.batchLine("a", "hi"), key).json().get("id").asText();
        assertOpenAi400(cloud.send("POST", "/v1/batches", "{\"input_file_id\": \"" + fileId
                + "\", \"endpoint\": \"/v1/moderations\", \"completion_window\": \"24h\"}", key), "endpoint", "/v1/embeddings");
        assertOpenAi400(cloud.send("POST", "/v1/batches", "{\"input_file_id\": \"" + fileId
                + "\", \"endpoint\": \"/v1/embeddings\", \"completion_window\": \"1h\"}", key), "completion_window", "24h");
        assertOpenAi400(cloud.send("POST", "/v1/batches", "{\"endpoint\": \"/v1/embeddings\", \"completion_window\": \"24h\"}",
                key), "input_file_id", "Missing required parameter");
        assertOpenAi400(cloud.send("POST", "/v1/files", "{}", key), null, "multipart");
        // A file that is not a valid batch makes a batch that failed, with each error and its line.
        String bad = cloud.upload("{\"custom_id\": \"a\", \"method\": \"POST\", \"url\": \"/v1/completions\", "
                + "\"body\": {\"model\": \"all-minilm-l6-v2\", \"input\": \"x\"}}\n", key).json().get("id").asText();
        var failed = cloud.send("POST", "/v1/batches", "{\"input_file_id\": \"" + bad
                + "\", \"endpoint\": \"/v1/embeddings\", \"completion_window\": \"24h\"}", key);
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json().get("status").asText()).isIn("validating", "failed");
        String failedId = failed.json().get("id").asText();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                cloud.send("GET", "/v1/batches/" + failedId, null, key).json().get("status").asText().equals("failed"));
        failed = cloud.send("GET", "/v1/batches/" + failedId, null, key);
        assertThat(failed.json().get("errors").get("data").get(0).get("line").asInt()).isEqualTo(1);
        assertThat(failed.json().get("errors").get("data").get(0).get("param").asText()).isEqualTo("url");
    }

    @Test
    void nativeEndpointsKeepProblemJson() throws Exception {
        var reply = cloud.send("POST", "/v1/models", "{\"name\": \"Bad Name\", \"kind\": \"raw\", \"path\": \"/x\"}",
                CloudFixture.OPERATOR);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(reply.json().get("field").asText()).isEqualTo("name");
    }
}
