package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.TestDatabase;
import java.nio.file.Path;

class CheckDisputesH2Test extends CheckDisputesContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }
}
