package io.terafleet.coordinator.db;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class DatabasePostgresTest extends DatabaseContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.postgres();
    }
}
