package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text the store cannot hold (NUL, unpaired surrogates) and malformed bodies are a 400 naming the field, in every
 * place a client can put them, and no error body quotes SQL, stack traces or library internals.
 */
class BadInputTest {
    private static final String NUL = "\\u0000";
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

    @Test
    void nulInABatchInputOrCustomIdIsA400NamingTheField() throws Exception {
        var input = jsonl("{\"custom_id\": \"a\", \"input\": \"x" + NUL + "y\"}\n");
        assertField400(input, "input");
        var customId = jsonl("{\"custom_id\": \"a" + NUL + "\", \"input\": \"xy\"}\n");
        assertField400(customId, "custom_id");
        var surrogate = jsonl("{\"custom_id\": \"a\", \"input\": \"x\\ud800y\"}\n");
        assertField400(surrogate, "input");
    }

    @Test
    void nulInOnlineInputTenantCarNamesAndCursorsIsA400() throws Exception {
        var embed = cloud.send("POST", "/v1/embeddings", "{\"model\": \"all-minilm-l6-v2\", \"input\": [\"ok\", \"a"
                + NUL + "\"]}", key);
        assertThat(embed.status()).as(embed.body()).isEqualTo(400);
        assertThat(embed.openAiError().get("param").asText()).isEqualTo("input[1]");
        var tenant = cloud.send("POST", "/v1/tenants", "{\"name\": \"ev" + NUL + "il\"}", CloudFixture.OPERATOR);
        assertField400(tenant, "name");
        var car = cloud.send("POST", "/v1/agent/enroll", "{\"enrollmentToken\": \"enrollment-token-for-tests\","
                + " \"carName\": \"c" + NUL + "\"" + TestCars.KEY_FIELD + "}", null);
        assertField400(car, "carName");
        var cursor = cloud.send("GET", "/v1/batches?after=batch_%00x", null, key);
        assertThat(cursor.status()).as(cursor.body()).isEqualTo(400);
        assertThat(cursor.openAiError().get("param").asText()).isEqualTo("after");
        var usage = cloud.send("GET", "/v1/usage?customer=a%00b", null, CloudFixture.OPERATOR);
        assertField400(usage, "customer");
    }

    @Test
    void malformedMultipartIsA400() throws Exception {
        String boundary = "bnd";
        byte[] truncated = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n{\"x\"")
                .getBytes(StandardCharsets.UTF_8);
        var reply = cloud.send("POST", "/v1/files", "multipart/form-data; boundary=" + boundary, truncated, key);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.openAiError().get("param").asText()).isEqualTo("file");
        assertThat(Leaks.find(reply.body())).as(reply.body()).isNull();
        var noBoundary = cloud.send("POST", "/v1/files", "multipart/form-data", "garbage".getBytes(), key);
        assertThat(noBoundary.status()).as(noBoundary.body()).isEqualTo(400);
    }

    @Test
    void mistypedAndBrokenJsonDoesNotQuoteTheParser() throws Exception {
        var mistyped = cloud.send("POST", "/v1/agent/enroll", "{\"enrollmentToken\": [1], \"carName\": 3}", null);
        assertThat(mistyped.status()).isEqualTo(400);
        assertThat(Leaks.find(mistyped.body())).as(mistyped.body()).isNull();
        var broken = cloud.send("POST", "/v1/agent/enroll", "{\"enrollmentToken\": \"x\", ", null);
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("detail").asText()).contains("line 1");
        assertThat(Leaks.find(broken.body())).as(broken.body()).isNull();
        var jsonl = jsonl("{\"custom_id\": \"a\", \"input\": }\n");
        assertThat(jsonl.status()).isEqualTo(400);
        assertThat(Leaks.find(jsonl.body())).as(jsonl.body()).isNull();
    }

    private CloudFixture.Reply jsonl(String body) throws Exception {
        return cloud.send("POST", "/v1/jobs?model=all-minilm-l6-v2", "application/jsonl",
                body.getBytes(StandardCharsets.UTF_8), key);
    }

    private static void assertField400(CloudFixture.Reply reply, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.body()).contains("\"" + field + "\"");
        assertThat(Leaks.find(reply.body())).as(reply.body()).isNull();
    }
}
