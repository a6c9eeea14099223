package io.terafleet.coordinator.db;

import java.nio.file.Path;

class DatabaseH2Test extends DatabaseContract {
    @Override
    protected TestDatabase openDatabase(Path dir) {
        return TestDatabase.h2(dir);
    }
}
