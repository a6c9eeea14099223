package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.TestDatabase;
import java.nio.file.Path;

class LaneChecksH2Test extends LaneChecksContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }
}
