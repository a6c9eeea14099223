package io.terafleet.coordinator.jobs;

import io.terafleet.coordinator.db.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class JobRepositoryPostgresTest extends JobRepositoryContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.postgres();
    }
}
