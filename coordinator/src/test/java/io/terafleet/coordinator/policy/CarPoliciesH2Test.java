package io.terafleet.coordinator.policy;

import io.terafleet.coordinator.db.TestDatabase;
import java.nio.file.Path;

class CarPoliciesH2Test extends CarPoliciesContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }
}
