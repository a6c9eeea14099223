package io.terafleet.coordinator.cars;

import io.terafleet.coordinator.db.TestDatabase;
import java.nio.file.Path;

class CarRepositoryH2Test extends CarRepositoryContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }
}
