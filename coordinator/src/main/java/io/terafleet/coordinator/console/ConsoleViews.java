package io.terafleet.coordinator.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.policy.CarPolicies;
import io.terafleet.coordinator.policy.CarReports;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the console shows that the API did not read yet, each bounded by its viewer: an owner's cars (where the
 * agent's last decision put them, what they compute, today's energy), a tenant's latest jobs and keys, and the
 * fleet as the operator sees it. Read-only, one transaction per view, each query on an index.
 */
public final class ConsoleViews {
    /** Jobs a tenant's console lists, newest first. */
    public static final int LATEST_JOBS = 20;

    private final Database database;
    private final Clock clock;
    private final CarPolicies policies;
    private final CarReports reports;
    private final FleetPulse pulse;
    private final io.terafleet.coordinator.leasing.TrustReinstatement reinstatement;
    private final io.terafleet.coordinator.policy.PolicyPush policyPush = new io.terafleet.coordinator.policy.PolicyPush();

    /** @param router the online router whose counts the operator's page charts; null: none */
    public ConsoleViews(Database database, Clock clock, io.terafleet.coordinator.online.OnlineRouter router) {
        this.database = database;
        this.clock = clock;
        this.policies = new CarPolicies(database, clock);
        this.reports = new CarReports(database, policies, new ObjectMapper(), clock);
        this.pulse = new FleetPulse(this::fleet, router, clock);
        this.reinstatement = new io.terafleet.coordinator.leasing.TrustReinstatement(database, clock);
    }

    /** The operator's live state, from counters in memory and tables read at most every few seconds. */
    public FleetPulse pulse() {
        return pulse;
    }

    /** Lets a quarantined car start again. */
    public io.terafleet.coordinator.leasing.TrustReinstatement reinstatement() {
        return reinstatement;
    }

    /** Owners' policies per car, as set in the console. */
    public CarPolicies policies() {
        return policies;
    }

    /** The cars with an online channel open here, rung when their owner saves a policy. */
    public io.terafleet.coordinator.policy.PolicyPush policyPush() {
        return policyPush;
    }

    /** Cars' latest reports: every reason they may not compute, their battery, the policy they apply. */
    public CarReports reports() {
        return reports;
    }

    /**
     * A car as its owner sees it. {@code reason}/{@code detail}: the decision it last reported (null when it may
     * compute); {@code report}: its latest periodic report, with every reason and its battery (null before one).
     */
    public record CarView(String id, String name, String hardwareClass, Long lastSeenAt, Boolean eligible,
                          String reason, String detail, boolean revoked, List<String> computing,
                          double energyTodayWh, CarReports.Latest report) {
    }

    /** The owner's cars (a car enrolled without an owner is its own), by name. */
    public List<CarView> carsOf(String ownerId) {
        long today = LocalDate.now(clock).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return database.inTransaction(c -> {
            List<CarView> cars = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("SELECT id, name, hardware_class, last_seen_at,"
                    + " last_eligible, last_reason, last_detail, revoked_at FROM cars WHERE owner_id = ?"
                    + " OR (owner_id IS NULL AND id = ?) ORDER BY name, id")) {
                query.setString(1, ownerId);
                query.setString(2, ownerId);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        cars.add(car(c, rows, today, reports));
                    }
                }
            }
            return cars;
        });
    }

    private static CarView car(Connection c, ResultSet rows, long today, CarReports reports) throws SQLException {
        String id = rows.getString(1);
        long seen = rows.getLong(4);
        Long lastSeen = rows.wasNull() ? null : seen;
        boolean eligible = rows.getBoolean(5);
        Boolean decided = rows.wasNull() ? null : eligible;
        rows.getLong(8);
        boolean revoked = !rows.wasNull();
        return new CarView(id, rows.getString(2), rows.getString(3), lastSeen, decided, rows.getString(6),
                rows.getString(7), revoked, computing(c, id), energySince(c, id, today),
                reports.latest(c, id).orElse(null));
    }

    /** The models of the car's open leases. */
    private static List<String> computing(Connection c, String carId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT u.model FROM leases l JOIN units u ON u.id = l.unit_id"
                + " WHERE l.car_id = ? AND l.ended_at IS NULL ORDER BY l.granted_at")) {
            query.setString(1, carId);
            try (ResultSet rows = query.executeQuery()) {
                List<String> models = new ArrayList<>();
                while (rows.next()) {
                    models.add(rows.getString(1));
                }
                return models;
            }
        }
    }

    private static double energySince(Connection c, String carId, long since) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT COALESCE(SUM(energy_wh), 0) FROM leases"
                + " WHERE car_id = ? AND ended_at >= ?")) {
            query.setString(1, carId);
            query.setLong(2, since);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getDouble(1);
            }
        }
    }

    /** The ids of the tenant's latest jobs, newest first. */
    public List<String> latestJobs(String tenantId) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT id FROM jobs WHERE tenant = ?"
                    + " ORDER BY created_at DESC, id DESC LIMIT " + LATEST_JOBS)) {
                query.setString(1, tenantId);
                try (ResultSet rows = query.executeQuery()) {
                    List<String> ids = new ArrayList<>();
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                    return ids;
                }
            }
        });
    }

    /** One of a tenant's API keys, named by its prefix. */
    public record KeyView(String prefix, String label, long createdAt) {
    }

    public List<KeyView> keysOf(String tenantId) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT key_prefix, label, created_at FROM api_keys"
                    + " WHERE tenant_id = ? ORDER BY created_at, key_prefix")) {
                query.setString(1, tenantId);
                try (ResultSet rows = query.executeQuery()) {
                    List<KeyView> keys = new ArrayList<>();
                    while (rows.next()) {
                        keys.add(new KeyView(rows.getString(1), rows.getString(2), rows.getLong(3)));
                    }
                    return keys;
                }
            }
        });
    }

    /** Cars under suspicion the operator's console lists, at most. */
    public static final int SUSPECT_CARS = 100;

    /**
     * The fleet now: cars by hardware class (enrolled, eligible, computing, revoked), the queue by model, and the
     * cars on probation or in quarantine with their evidence.
     */
    public Map<String, Object> fleet() {
        return database.inTransaction(c -> {
            Map<String, Object> fleet = new LinkedHashMap<>();
            fleet.put("cars", carsByClass(c));
            fleet.put("queue", queueByModel(c));
            fleet.put("trust", suspects(c));
            return fleet;
        });
    }

    private static List<Map<String, Object>> suspects(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT t.car_id, k.name, k.owner_id, t.state, t.strikes,"
                + " t.total_valid, t.total_invalid, t.canaries_passed, t.updated_at, k.revoked_at FROM car_trust t"
                + " JOIN cars k ON k.id = t.car_id WHERE t.state IN ('PROBATION', 'QUARANTINED')"
                + " ORDER BY t.state DESC, t.updated_at DESC LIMIT " + SUSPECT_CARS);
             ResultSet rows = query.executeQuery()) {
            List<Map<String, Object>> cars = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("carId", rows.getString(1));
                row.put("name", rows.getString(2));
                row.put("ownerId", rows.getString(3) == null ? rows.getString(1) : rows.getString(3));
                row.put("state", rows.getString(4).toLowerCase(java.util.Locale.ROOT));
                row.put("strikes", rows.getInt(5));
                row.put("validResults", rows.getLong(6));
                row.put("invalidResults", rows.getLong(7));
                row.put("canariesPassed", rows.getInt(8));
                row.put("updatedAt", rows.getLong(9));
                rows.getLong(10);
                row.put("revoked", !rows.wasNull());
                cars.add(row);
            }
            return cars;
        }
    }

    private static List<Map<String, Object>> carsByClass(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT hardware_class, COUNT(*),"
                + " SUM(CASE WHEN last_eligible AND revoked_at IS NULL THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN revoked_at IS NOT NULL THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN EXISTS (SELECT 1 FROM leases l WHERE l.car_id = cars.id AND l.ended_at IS NULL)"
                + " THEN 1 ELSE 0 END) FROM cars GROUP BY hardware_class ORDER BY hardware_class");
             ResultSet rows = query.executeQuery()) {
            List<Map<String, Object>> classes = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("hardwareClass", rows.getString(1));
                row.put("enrolled", rows.getLong(2));
                row.put("eligible", rows.getLong(3));
                row.put("revoked", rows.getLong(4));
                row.put("computing", rows.getLong(5));
                classes.add(row);
            }
            return classes;
        }
    }

    private static List<Map<String, Object>> queueByModel(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT model, state, COUNT(*), SUM(input_count) FROM units"
                + " WHERE state IN ('QUEUED', 'LEASED') GROUP BY model, state ORDER BY model, state");
             ResultSet rows = query.executeQuery()) {
            List<Map<String, Object>> queue = new ArrayList<>();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("model", rows.getString(1));
                row.put("state", rows.getString(2).toLowerCase(java.util.Locale.ROOT));
                row.put("units", rows.getLong(3));
                row.put("inputs", rows.getLong(4));
                queue.add(row);
            }
            return queue;
        }
    }
}
