package io.terafleet.coordinator.batches;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.db.DatabaseTest;
import io.terafleet.coordinator.tenants.Tenant;
import io.terafleet.coordinator.tenants.TenantLimits;
import io.terafleet.coordinator.tenants.TenantRepository;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The V3 tables on each store: tenants and keys, files in chunks, always read through their tenant. */
abstract class CloudStoreContract extends DatabaseTest {
    private TenantRepository tenants;
    private FileStore files;

    @BeforeEach
    void createStores() {
        tenants = new TenantRepository(database);
        files = new FileStore(database);
        tenants.create(new Tenant("t-a", "A", TenantLimits.DEFAULTS, 1));
        tenants.create(new Tenant("t-b", "B", new TenantLimits(1.5, 3, 99), 2));
    }

    @Test
    void tenantsAndTheirKeysRoundTrip() {
        assertThat(tenants.create(new Tenant("t-a", "again", TenantLimits.DEFAULTS, 3))).isFalse();
        assertThat(tenants.addKey("t-b", "f".repeat(64), "sk-tf-ffff", 5)).isTrue();
        assertThat(tenants.addKey("t-none", "e".repeat(64), "sk-tf-eeee", 5)).isFalse();

        Tenant b = tenants.tenantForKey("f".repeat(64)).orElseThrow();
        assertThat(b).isEqualTo(new Tenant("t-b", "B", new TenantLimits(1.5, 3, 99), 2));
        assertThat(tenants.tenantForKey("0".repeat(64))).isEmpty();
        assertThat(tenants.list()).extracting(Tenant::id).containsExactly("t-a", "t-b");
    }

    @Test
    void aFileOfSeveralChunksReadsBackByteForByteAndOnlyForItsTenant() throws Exception {
        byte[] content = new byte[FileStore.CHUNK_BYTES * 2 + 1234];
        new Random(7).nextBytes(content);

        StoredFile stored = files.create("t-a", "batch", "big.jsonl", new ByteArrayInputStream(content), 10_000_000, 42);

        assertThat(stored.bytes()).isEqualTo(content.length);
        assertThat(files.find("t-a", stored.id())).contains(stored);
        assertThat(files.find("t-b", stored.id())).isEmpty();
        assertThat(files.list("t-b", 10)).isEmpty();
        var out = new ByteArrayOutputStream();
        files.copyContent(stored.id(), out);
        assertThat(out.toByteArray()).isEqualTo(content);
        assertThat(queryLong("SELECT COUNT(*) FROM file_chunks WHERE file_id = ?", stored.id())).isEqualTo(3);
    }

    @Test
    void aCancelledBatchEndsOnceWithAnErrorFileOfCancelledRequests() throws Exception {
        var clock = new io.terafleet.core.time.SettableClock(java.time.Instant.parse("2026-05-01T10:00:00Z"));
        var jobs = new io.terafleet.coordinator.service.JobService(new io.terafleet.coordinator.jobs.JobRepository(database),
                new io.terafleet.coordinator.service.WorkSignal(), clock, 16,
                io.terafleet.coordinator.metrics.CoordinatorMetrics.prometheus());
        var batches = new BatchService(database, files, jobs, io.terafleet.coordinator.intake.InputLimits.DEFAULTS,
                "all-minilm-l6-v2"::equals, clock, Runnable::run);
        String lines = line("a") + line("b");
        StoredFile input = files.create("t-a", "batch", "in.jsonl",
                new ByteArrayInputStream(lines.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 1_000_000, 1);

        var validating = batches.create("t-a", input.id(), null).orElseThrow();
        assertThat(validating.status()).isEqualTo(BatchStatus.VALIDATING);
        var created = batches.find("t-a", validating.row().id()).orElseThrow();
        assertThat(created.status()).isEqualTo(BatchStatus.IN_PROGRESS);
        assertThat(created.total()).isEqualTo(2);
        assertThat(batches.create("t-b", input.id(), null)).isEmpty();
        assertThat(batches.cancel("t-b", created.row().id())).isEmpty();

        clock.advance(java.time.Duration.ofSeconds(5));
        var cancelled = batches.cancel("t-a", created.row().id()).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(BatchStatus.CANCELLED);
        assertThat(cancelled.row().outputFileId()).isNull();
        String errors = new String(files.content(cancelled.row().errorFileId()), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(errors.lines()).hasSize(2).allMatch(l -> l.contains("\"batch_cancelled\""));
        assertThat(files.find("t-a", cancelled.row().errorFileId()).orElseThrow().purpose()).isEqualTo("batch_output");
        // Reading again does not write the files again.
        assertThat(batches.find("t-a", created.row().id()).orElseThrow().row().errorFileId())
                .isEqualTo(cancelled.row().errorFileId());
        assertThat(queryLong("SELECT COUNT(*) FROM files WHERE tenant_id = ?", "t-a")).isEqualTo(2);
        assertThat(batches.list("t-a", null, 10)).hasSize(1);
        assertThat(batches.list("t-a", created.row().id(), 10)).isEmpty();
    }

    private static String line(String id) {
        return "{\"custom_id\": \"" + id + "\", \"method\": \"POST\", \"url\": \"/v1/embeddings\","
                + " \"body\": {\"model\": \"all-minilm-l6-v2\", \"input\": \"text " + id + "\"}}\n";
    }

    @Test
    void anEmptyFileIsAFileWithNoChunks() throws Exception {
        StoredFile stored = files.create("t-b", "batch", "empty.jsonl", new ByteArrayInputStream(new byte[0]), 10, 1);
        assertThat(files.content(stored.id())).isEmpty();
        assertThat(files.list("t-b", 10)).containsExactly(stored);
    }
}
