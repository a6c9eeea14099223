package io.terafleet.agent.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.agent.inference.ModelRefusedException;
import io.terafleet.agent.signals.VehicleSignals;
import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.time.SettableClock;
import io.terafleet.core.vehicle.Connectivity;
import io.terafleet.core.vehicle.Eligibility;
import io.terafleet.core.vehicle.VehicleState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The car's model cache: hash-checked on arrival and before every load, least recently used out first. */
class ModelStoreTest {
    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"));

    private static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static ModelStore.Download serving(byte[] bytes) {
        return target -> Files.write(target, bytes);
    }

    @Test
    void bytesThatDoNotMatchTheRegisteredHashAreRefusedAndNotKept() throws Exception {
        byte[] registered = "the registered graph".getBytes(StandardCharsets.UTF_8);
        byte[] tampered = "the registered graph!".getBytes(StandardCharsets.UTF_8);
        var store = new ModelStore(dir, 1_000, clock);

        assertThatThrownBy(() -> store.fetch(sha(registered), registered.length, serving(tampered)))
                .isInstanceOf(ModelRefusedException.class).hasMessageContaining(sha(registered));
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        Path good = store.fetch(sha(registered), registered.length, serving(registered));
        assertThat(Files.readAllBytes(good)).isEqualTo(registered);
    }

    @Test
    void aCachedFileChangedOnDiskIsRefusedBeforeItIsLoaded() throws Exception {
        byte[] bytes = "graph bytes".getBytes(StandardCharsets.UTF_8);
        var store = new ModelStore(dir, 1_000, clock);
        Path cached = store.fetch(sha(bytes), bytes.length, serving(bytes));
        store.unpin(sha(bytes));
        Files.writeString(cached, "graph bytez");

        assertThatThrownBy(() -> store.fetch(sha(bytes), bytes.length, target -> {
            throw new AssertionError("a cached file is not downloaded again before it is checked");
        })).isInstanceOf(ModelRefusedException.class).hasMessageContaining("deleted");
        assertThat(cached).doesNotExist();
    }

    @Test
    void theLeastRecentlyUsedUnpinnedFileMakesRoom() throws Exception {
        byte[] a = new byte[400];
        byte[] b = new byte[400];
        byte[] c = new byte[400];
        b[0] = 1;
        c[0] = 2;
        var store = new ModelStore(dir, 1_000, clock);
        store.fetch(sha(a), 400, serving(a));
        clock.advance(Duration.ofMinutes(1));
        store.fetch(sha(b), 400, serving(b));
        store.unpin(sha(a));
        store.unpin(sha(b));
        clock.advance(Duration.ofMinutes(1));
        store.fetch(sha(a), 400, serving(a)); // a is used again: b is now the oldest
        store.unpin(sha(a));
        clock.advance(Duration.ofMinutes(1));

        store.fetch(sha(c), 400, serving(c));

        assertThat(dir.resolve(sha(b))).doesNotExist();
        assertThat(dir.resolve(sha(a))).exists();
        assertThat(store.usedBytes()).isEqualTo(800);
    }

    @Test
    void pinnedFilesAreNeverEvictedAndAFileLargerThanTheBudgetIsRefused() throws Exception {
        byte[] a = new byte[600];
        byte[] b = new byte[600];
        b[0] = 1;
        var store = new ModelStore(dir, 1_000, clock);
        store.fetch(sha(a), 600, serving(a));
        assertThatThrownBy(() -> store.fetch(sha(b), 600, serving(b))).isInstanceOf(ModelRefusedException.class);
        assertThatThrownBy(() -> store.fetch(sha(new byte[2_000]), 2_000, serving(new byte[2_000])))
                .isInstanceOf(ModelRefusedException.class).hasMessageContaining("budget");
        assertThat(dir.resolve(sha(a))).exists();
    }

    @Test
    void modelsDownloadOverWifiOnly() throws IOException {
        OwnerPolicy anyNetwork = OwnerPolicy.builder().optedIn(true).build();
        for (Connectivity c : Connectivity.values()) {
            VehicleSignals signals = () -> VehicleState.parkedIdle(clock.instant(), 80, true).toBuilder()
                    .connectivity(c).build();
            var decision = new TransferGate(anyNetwork, signals).mayDownload(90_000_000);
            assertThat(decision instanceof Eligibility.NotEligible).as("%s", c).isEqualTo(c != Connectivity.WIFI);
        }
    }
}
