package io.terafleet.coordinator.ledger;

import io.terafleet.coordinator.db.TestDatabase;
import java.nio.file.Path;

class LedgerRepositoryH2Test extends LedgerRepositoryContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }
}
