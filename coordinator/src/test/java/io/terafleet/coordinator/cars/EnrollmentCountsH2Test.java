package io.terafleet.coordinator.cars;

import io.terafleet.coordinator.db.TestDatabase;
import java.nio.file.Path;

class EnrollmentCountsH2Test extends EnrollmentCountsContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }
}
