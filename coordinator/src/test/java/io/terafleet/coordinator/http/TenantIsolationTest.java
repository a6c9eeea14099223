package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every attempt of one tenant to reach another's files, batches, jobs or results is answered exactly as for
 * something that does not exist (404, never 403); keys are required and checked; limits answer 429.
 */
class TenantIsolationTest {
    @TempDir
    Path dir;
    CloudFixture cloud;
    String alice;
    String bob;
    String fileId;
    String batchId;
    String jobId;

    @BeforeEach
    void aliceOwnsAFileABatchAndAJob() throws Exception {
        cloud = new CloudFixture(dir, CloudFixture.secured(dir));
        alice = cloud.tenant("alice", "");
        bob = cloud.tenant("bob", "");
        fileId = cloud.upload(CloudFixture.batchLine("a", "hello"), alice).json().get("id").asText();
        batchId = cloud.send("POST", "/v1/batches", "{\"input_file_id\": \"" + fileId
                + "\", \"endpoint\": \"/v1/embeddings\", \"completion_window\": \"24h\"}", alice).json().get("id").asText();
        var job = cloud.send("POST", "/v1/jobs?model=all-minilm-l6-v2", "application/jsonl",
                "{\"custom_id\": \"x\", \"input\": \"hi\"}\n".getBytes(), alice);
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        jobId = job.json().get("id").asText();
        assertThat(job.json().get("tenant").asText()).startsWith("tenant_");
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void theOwnerSeesItsOwn() throws Exception {
        assertThat(cloud.send("GET", "/v1/files/" + fileId, null, alice).status()).isEqualTo(200);
        assertThat(cloud.send("GET", "/v1/files/" + fileId + "/content", null, alice).status()).isEqualTo(200);
        assertThat(cloud.send("GET", "/v1/batches/" + batchId, null, alice).status()).isEqualTo(200);
        assertThat(cloud.send("GET", "/v1/jobs/" + jobId, null, alice).status()).isEqualTo(200);
        assertThat(cloud.send("GET", "/v1/batches", null, alice).json().get("data")).hasSize(1);
    }

    @Test
    void anotherTenantGets404ForEverything() throws Exception {
        for (String[] call : new String[][] {
                {"GET", "/v1/files/" + fileId}, {"GET", "/v1/files/" + fileId + "/content"},
                {"GET", "/v1/batches/" + batchId}, {"POST", "/v1/batches/" + batchId + "/cancel"},
                {"GET", "/v1/jobs/" + jobId}, {"GET", "/v1/jobs/" + jobId + "/results"},
                {"GET", "/v1/jobs/" + jobId + "/errors"}, {"POST", "/v1/jobs/" + jobId + "/cancel"}}) {
            var reply = cloud.send(call[0], call[1], null, bob);
            assertThat(reply.status()).as("%s %s: %s", call[0], call[1], reply.body()).isEqualTo(404);
        }
        var batch = cloud.send("POST", "/v1/batches", "{\"input_file_id\": \"" + fileId
                + "\", \"endpoint\": \"/v1/embeddings\", \"completion_window\": \"24h\"}", bob);
        assertThat(batch.status()).isEqualTo(404);
        assertThat(batch.openAiError().get("param").asText()).isEqualTo("input_file_id");
        assertThat(cloud.send("GET", "/v1/batches", null, bob).json().get("data")).isEmpty();
        assertThat(cloud.send("GET", "/v1/files", null, bob).json().get("data")).isEmpty();
        // ... and Alice's batch is still running: Bob's cancel did nothing.
        assertThat(cloud.send("GET", "/v1/batches/" + batchId, null, alice).json().get("status").asText())
                .isIn("validating", "in_progress");
    }

    @Test
    void usageIsATenantsOwnAndStatementsAreForOperators() throws Exception {
        String aliceId = cloud.send("GET", "/v1/jobs/" + jobId, null, alice).json().get("tenant").asText();
        assertThat(cloud.send("GET", "/v1/usage?customer=" + aliceId, null, alice).status()).isEqualTo(200);
        assertThat(cloud.send("GET", "/v1/usage?customer=" + aliceId, null, bob).status()).isEqualTo(404);
        assertThat(cloud.send("GET", "/v1/owners/someone/statement", null, bob).status()).isEqualTo(403);
        assertThat(cloud.send("GET", "/v1/owners/someone/statement", null, CloudFixture.OPERATOR).status()).isEqualTo(200);
    }

    @Test
    void aTenantCannotNameAnotherTenantForItsJob() throws Exception {
        var reply = cloud.send("POST", "/v1/jobs?model=all-minilm-l6-v2&tenant=default", "application/jsonl",
                "{\"custom_id\": \"x\", \"input\": \"hi\"}\n".getBytes(), bob);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("tenant");
    }

    @Test
    void keysAreRequiredAndChecked() throws Exception {
        var none = cloud.send("POST", "/v1/embeddings", "{\"model\": \"all-minilm-l6-v2\", \"input\": \"a\"}", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.openAiError().get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(cloud.send("GET", "/v1/jobs/" + jobId, null, "sk-tf-not-a-real-key-000000").status()).isEqualTo(401);
        // Tenants' keys do not open operator endpoints, and operator keys are not tenants: valid, but not here.
        assertThat(cloud.send("POST", "/v1/tenants", "{\"name\": \"eve\"}", alice).status()).isEqualTo(403);
        assertThat(cloud.send("POST", "/v1/models?name=x", "application/octet-stream", new byte[] {1}, alice).status())
                .isEqualTo(403);
        assertThat(cloud.send("GET", "/v1/batches", null, CloudFixture.OPERATOR).status()).isEqualTo(403);
        assertThat(cloud.send("GET", "/v1/health", null, null).status()).isEqualTo(200);
    }

    @Test
    void aTenantOverItsRateGets429WithRetryAfter() throws Exception {
        String slow = cloud.tenant("slow", ", \"requests_per_second\": 0.01, \"burst\": 2");
        assertThat(cloud.send("GET", "/v1/files", null, slow).status()).isEqualTo(200);
        assertThat(cloud.send("GET", "/v1/files", null, slow).status()).isEqualTo(200);
        var limited = cloud.send("GET", "/v1/files", null, slow);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 100L);
        assertThat(limited.openAiError().get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(cloud.send("GET", "/v1/files", null, alice).status()).isEqualTo(200); // others unaffected
    }

    @Test
    void aTenantOverItsDailyInputQuotaGets429() throws Exception {
        String small = cloud.tenant("small", ", \"inputs_per_day\": 3");
        var reply = cloud.send("POST", "/v1/embeddings",
                "{\"model\": \"all-minilm-l6-v2\", \"input\": [\"a\", \"b\", \"c\", \"d\"]}", small);
        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.openAiError().get("type").asText()).isEqualTo("insufficient_quota");
        assertThat(reply.header("Retry-After")).isNotNull();
    }
}
