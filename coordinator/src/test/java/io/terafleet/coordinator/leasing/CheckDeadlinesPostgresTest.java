package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class CheckDeadlinesPostgresTest extends CheckDeadlinesContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.postgres();
    }
}
