package io.terafleet.coordinator.batches;

import io.terafleet.coordinator.db.TestDatabase;
import java.nio.file.Path;

class CloudStoreH2Test extends CloudStoreContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }
}
