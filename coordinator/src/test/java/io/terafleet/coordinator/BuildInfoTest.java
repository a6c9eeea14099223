package io.terafleet.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.db.DatabaseConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildInfoTest {
    @Test
    void theBuildNamesItsVersionAndCommit() {
        BuildInfo build = BuildInfo.current();
        assertThat(build.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(build.commit()).matches("[0-9a-f]{7,}(-dirty)?|unknown");
    }

    @Test
    void valuesTheBuildDidNotFillInReadAsUnknown() {
        assertThat(BuildInfo.of("0.1.0", "${git.commit.id.abbrev}", "${git.dirty}"))
                .isEqualTo(new BuildInfo("0.1.0", "unknown"));
        assertThat(BuildInfo.of(null, null, null)).isEqualTo(new BuildInfo("unknown", "unknown"));
        assertThat(BuildInfo.of("0.1.0", "abc1234", "true")).isEqualTo(new BuildInfo("0.1.0", "abc1234-dirty"));
    }

    @Test
    void healthReportsTheVersionAndCommit(@TempDir Path dir) throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of("token-for-build-info")).withPort(0);
        try (Coordinator coordinator = Coordinator.start(config, Clock.systemUTC())) {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(coordinator.uri().resolve("/v1/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            var health = new ObjectMapper().readTree(response.body());
            assertThat(health.get("status").asText()).isEqualTo("ok");
            assertThat(health.get("version").asText()).isEqualTo(BuildInfo.current().version());
            assertThat(health.get("commit").asText()).isEqualTo(BuildInfo.current().commit());
        }
    }
}
