package io.terafleet.coordinator.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done inside one transaction. It may run more than once (the transaction is retried after a
 * serialization failure or deadlock), so it must not have effects outside the connection.
 */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
