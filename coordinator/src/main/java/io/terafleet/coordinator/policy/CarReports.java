package io.terafleet.coordinator.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.db.Database;
import io.terafleet.core.api.CarReport;
import io.terafleet.core.api.CarReportAnswer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Cars' periodic reports ({@code car_reports}, one row per car, replaced by each): every reason the car may not
 * compute, its battery and the policy version it applies. Answering one also hands the car the owner's newer
 * policy, in the same transaction, by the primary keys of both tables.
 */
public final class CarReports {
    /** Reasons kept per report: more rules than the evaluator has. */
    static final int MAX_REASONS = 20;
    private static final TypeReference<List<CarReport.Reason>> REASONS = new TypeReference<>() {
    };

    /** A car's latest report as the console shows it. */
    public record Latest(List<CarReport.Reason> reasons, Double stateOfChargePercent, Boolean charging,
                         Boolean pluggedIn, Long policyVersion, long reportedAt) {
    }

    private final Database database;
    private final CarPolicies policies;
    private final ObjectMapper json;
    private final Clock clock;

    public CarReports(Database database, CarPolicies policies, ObjectMapper json, Clock clock) {
        this.database = database;
        this.policies = policies;
        this.json = json;
        this.clock = clock;
    }

    /** Keeps the report; answers with the owner's newer policy, if any. */
    public CarReportAnswer record(String carId, CarReport report) {
        String reasons = write(report.reasons().stream().limit(MAX_REASONS).map(CarReports::bounded).toList());
        return database.inTransaction(c -> {
            upsert(c, carId, report, reasons);
            return policies.newerThan(c, carId, report.policyVersion())
                    .map(v -> new CarReportAnswer(v.version(), v.policy())).orElse(CarReportAnswer.upToDate());
        });
    }

    public Optional<Latest> latest(String carId) {
        return database.inTransaction(c -> latest(c, carId));
    }

    /** The latest report inside the caller's transaction. */
    public Optional<Latest> latest(Connection c, String carId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT reasons, soc_percent, charging, plugged_in,"
                + " policy_version, reported_at FROM car_reports WHERE car_id = ?")) {
            q.setString(1, carId);
            try (ResultSet rows = q.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                List<CarReport.Reason> reasons = read(rows.getString(1));
                double soc = rows.getDouble(2);
                Double stateOfCharge = rows.wasNull() ? null : soc;
                boolean charging = rows.getBoolean(3);
                Boolean isCharging = rows.wasNull() ? null : charging;
                boolean plugged = rows.getBoolean(4);
                Boolean isPlugged = rows.wasNull() ? null : plugged;
                long version = rows.getLong(5);
                Long policyVersion = rows.wasNull() ? null : version;
                return Optional.of(new Latest(reasons, stateOfCharge, isCharging, isPlugged, policyVersion,
                        rows.getLong(6)));
            }
        }
    }

    private void upsert(Connection c, String carId, CarReport report, String reasons) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE car_reports SET reasons = ?, soc_percent = ?,"
                + " charging = ?, plugged_in = ?, policy_version = ?, reported_at = ? WHERE car_id = ?")) {
            bind(update, report, reasons);
            update.setString(7, carId);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO car_reports (reasons, soc_percent, charging,"
                + " plugged_in, policy_version, reported_at, car_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            bind(insert, report, reasons);
            insert.setString(7, carId);
            insert.executeUpdate();
        }
    }

    private void bind(PreparedStatement s, CarReport report, String reasons) throws SQLException {
        s.setString(1, reasons);
        s.setObject(2, report.stateOfChargePercent(), java.sql.Types.DOUBLE);
        s.setObject(3, report.charging(), java.sql.Types.BOOLEAN);
        s.setObject(4, report.pluggedIn(), java.sql.Types.BOOLEAN);
        s.setObject(5, report.policyVersion(), java.sql.Types.BIGINT);
        s.setLong(6, clock.millis());
    }

    private static CarReport.Reason bounded(CarReport.Reason r) {
        return new CarReport.Reason(cut(r.reason(), 64), cut(r.detail(), 150));
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private String write(List<CarReport.Reason> reasons) {
        try {
            return json.writeValueAsString(reasons);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write reasons as JSON", e);
        }
    }

    private List<CarReport.Reason> read(String text) {
        try {
            return json.readValue(text, REASONS);
        } catch (JsonProcessingException e) {
            return List.of(); // written by this class: cannot happen short of a hand-edited row
        }
    }
}
