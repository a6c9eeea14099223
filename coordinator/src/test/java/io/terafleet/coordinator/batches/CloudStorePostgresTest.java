package io.terafleet.coordinator.batches;

import io.terafleet.coordinator.db.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class CloudStorePostgresTest extends CloudStoreContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.postgres();
    }
}
