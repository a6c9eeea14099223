package io.terafleet.coordinator.policy;

import io.terafleet.coordinator.db.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class CarPoliciesPostgresTest extends CarPoliciesContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.postgres();
    }
}
