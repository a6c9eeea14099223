package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class LaneChecksPostgresTest extends LaneChecksContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.postgres();
    }
}
