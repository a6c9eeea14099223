package io.terafleet.coordinator.tenants;

import io.terafleet.coordinator.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Tenants and their API keys (as SHA-256 hashes only). */
public final class TenantRepository {
    private static final String COLUMNS = "id, name, requests_per_second, burst, inputs_per_day, created_at";

    private final Database database;

    public TenantRepository(Database database) {
        this.database = database;
    }

    /** @return false if a tenant with this id exists already (nothing changes) */
    public boolean create(Tenant tenant) {
        return database.inTransaction(c -> {
            if (find(c, tenant.id()).isPresent()) {
                return false;
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO tenants (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, tenant.id());
                insert.setString(2, tenant.name());
                insert.setDouble(3, tenant.limits().requestsPerSecond());
                insert.setInt(4, tenant.limits().burst());
                insert.setLong(5, tenant.limits().inputsPerDay());
                insert.setLong(6, tenant.createdAt());
                insert.executeUpdate();
            }
            return true;
        });
    }

    public Optional<Tenant> find(String id) {
        return database.inTransaction(c -> find(c, id));
    }

    public List<Tenant> list() {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM tenants ORDER BY created_at, id");
                 ResultSet rows = query.executeQuery()) {
                List<Tenant> tenants = new ArrayList<>();
                while (rows.next()) {
                    tenants.add(tenant(rows));
                }
                return tenants;
            }
        });
    }

    /** @return false if the tenant does not exist */
    public boolean addKey(String tenantId, String keyHash, String keyPrefix, long now) {
        return addKey(tenantId, keyHash, keyPrefix, null, now);
    }

    /** With a label the customer chose (null: none). @return false if the tenant does not exist */
    public boolean addKey(String tenantId, String keyHash, String keyPrefix, String label, long now) {
        return database.inTransaction(c -> {
            if (find(c, tenantId).isEmpty()) {
                return false;
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO api_keys (key_hash, tenant_id, key_prefix, label, created_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, keyHash);
                insert.setString(2, tenantId);
                insert.setString(3, keyPrefix);
                insert.setString(4, label);
                insert.setLong(5, now);
                insert.executeUpdate();
            }
            return true;
        });
    }

    public Optional<Tenant> tenantForKey(String keyHash) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT t.id, t.name, t.requests_per_second, t.burst,"
                    + " t.inputs_per_day, t.created_at FROM api_keys k JOIN tenants t ON t.id = k.tenant_id"
                    + " WHERE k.key_hash = ?")) {
                query.setString(1, keyHash);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(tenant(rows)) : Optional.<Tenant>empty();
                }
            }
        });
    }

    private static Optional<Tenant> find(Connection c, String id) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM tenants WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(tenant(rows)) : Optional.empty();
            }
        }
    }

    private static Tenant tenant(ResultSet rows) throws SQLException {
        return new Tenant(rows.getString(1), rows.getString(2),
                new TenantLimits(rows.getDouble(3), rows.getInt(4), rows.getLong(5)), rows.getLong(6));
    }
}
