package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.TestDatabase;
import java.nio.file.Path;

class ConcurrentLeasingH2Test extends ConcurrentLeasingContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }
}
