package io.terafleet.coordinator.jobs;

import io.terafleet.coordinator.db.TestDatabase;
import java.nio.file.Path;

class JobRepositoryH2Test extends JobRepositoryContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }
}
