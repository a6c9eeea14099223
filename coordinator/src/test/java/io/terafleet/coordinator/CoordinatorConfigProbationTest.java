package io.terafleet.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.verification.OwnerProbation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** New owners' probation is part of the coordinator's configuration and survives every other change to it. */
class CoordinatorConfigProbationTest {
    @Test
    void probationDefaultsToAWeekAndTwentyUnitsAndIsKeptByEveryOtherSetting() {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(Path.of("target", "unused")),
                List.of("enrollment-token-0123456789"));
        assertThat(config.probation()).isEqualTo(OwnerProbation.defaults());
        var shorter = new OwnerProbation(Duration.ofDays(2), 5, 0.25);
        var changed = config.withProbation(shorter).withPort(0).withUnitSize(8).withLeaseTtl(Duration.ofSeconds(5))
                .withNatsUrl(null);
        assertThat(changed.probation()).isEqualTo(shorter);
    }
}
