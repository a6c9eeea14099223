package io.terafleet.coordinator.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;

/** Small JDBC helpers shared by the stores. */
public final class Sql {
    private Sql() {
    }

    /** {@code ?, ?, ?} for an {@code IN (...)} list of {@code count} values (count must be 1 or more). */
    public static String placeholders(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count: an IN list needs 1 or more values, was " + count);
        }
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /** Binds {@code values} from parameter {@code first} on; returns the next free parameter index. */
    public static int bindAll(PreparedStatement statement, int first, Collection<String> values) throws SQLException {
        int index = first;
        for (String value : values) {
            statement.setString(index++, value);
        }
        return index;
    }
}
