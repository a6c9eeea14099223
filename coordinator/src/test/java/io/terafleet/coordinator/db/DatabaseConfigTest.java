package io.terafleet.coordinator.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {
    @Test
    void h2FileIsAnAbsoluteFileUrlThatWritesEachCommitAtOnce() {
        DatabaseConfig config = DatabaseConfig.h2File(Path.of("relative/dir"));

        assertThat(config.jdbcUrl())
                .startsWith("jdbc:h2:file:" + Path.of("relative/dir").toAbsolutePath().normalize())
                .contains(";WRITE_DELAY=0");
        assertThat(config.user()).isEqualTo("sa");
        assertThat(config.maxPoolSize()).isEqualTo(DatabaseConfig.DEFAULT_POOL_SIZE);
        assertThat(config.isPostgres()).isFalse();
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(() -> new DatabaseConfig(" ", "u", "p", 5)).hasMessageStartingWith("jdbcUrl:");
        assertThatThrownBy(() -> new DatabaseConfig("jdbc:mysql://x/y", "u", "p", 5))
                .hasMessageStartingWith("jdbcUrl:").hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> new DatabaseConfig("jdbc:h2:mem:x", null, "p", 5)).hasMessageStartingWith("user:");
        assertThatThrownBy(() -> new DatabaseConfig("jdbc:h2:mem:x", "u", null, 5))
                .hasMessageStartingWith("password:");
        assertThatThrownBy(() -> new DatabaseConfig("jdbc:h2:mem:x", "u", "p", 0))
                .hasMessageStartingWith("maxPoolSize:");
        assertThatThrownBy(() -> DatabaseConfig.h2File(null)).hasMessageStartingWith("dir:");
        assertThatThrownBy(() -> DatabaseConfig.h2File(Path.of("/tmp/a;b"))).hasMessageStartingWith("dir:");
    }

    @Test
    void toStringHidesThePassword() {
        var config = new DatabaseConfig("jdbc:postgresql://db/terafleet", "tf", "s3cret-pass", 20);

        assertThat(config.toString()).doesNotContain("s3cret-pass").contains("***").contains("jdbc:postgresql://db");
        assertThat(config.isPostgres()).isTrue();
        assertThat(config.withMaxPoolSize(3).maxPoolSize()).isEqualTo(3);
    }
}
