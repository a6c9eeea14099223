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

    /** {@code --db-url jdbc:h2:...}: a file URL given by hand is as durable as one made by {@link DatabaseConfig#h2File}. */
    @Test
    void everyH2FileUrlWritesEachCommitAtOnceAndKeepsItsOwnSettings() {
        var given = new DatabaseConfig("jdbc:h2:file:/srv/tf/terafleet;LOCK_TIMEOUT=3000", "sa", "", 4);
        assertThat(given.jdbcUrl()).isEqualTo("jdbc:h2:file:/srv/tf/terafleet;LOCK_TIMEOUT=3000;WRITE_DELAY=0"
                + ";REUSE_SPACE=FALSE;TRACE_LEVEL_FILE=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(given.isH2File()).isTrue();
        assertThat(new DatabaseConfig("jdbc:h2:./data/tf", "sa", "", 4).jdbcUrl()).contains(";WRITE_DELAY=0");
        var late = new DatabaseConfig("jdbc:h2:file:/srv/tf/x;write_delay=500", "sa", "", 4);
        assertThat(late.jdbcUrl()).doesNotContain("WRITE_DELAY=0").contains(";write_delay=500");

        assertThat(new DatabaseConfig("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1", "sa", "", 4).jdbcUrl())
                .isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1");
        assertThat(new DatabaseConfig("jdbc:h2:tcp://db/tf", "sa", "", 4).isH2File()).isFalse();
        assertThat(new DatabaseConfig("jdbc:postgresql://db/tf", "u", "", 4).jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/tf");
    }

    /** An H2 file store that would write commits late is refused: acknowledged writes must survive a kill. */
    @Test
    void anH2FileStoreThatWritesCommitsLateIsNotOpened(@org.junit.jupiter.api.io.TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("terafleet") + ";WRITE_DELAY=500";
        assertThatThrownBy(() -> Database.open(new DatabaseConfig(url, "sa", "", 2)))
                .isInstanceOf(StoreException.class).hasMessageContaining("WRITE_DELAY");
        try (Database opened = Database.open(DatabaseConfig.h2File(dir))) {
            assertThat(opened.config().isH2File()).isTrue();
        }
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
