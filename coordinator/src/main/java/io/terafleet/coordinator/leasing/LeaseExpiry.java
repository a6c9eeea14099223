package io.terafleet.coordinator.leasing;

import io.terafleet.core.scheduling.RetryPolicy;
import io.terafleet.core.unit.UnitState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Takes units back from leases that ran out. */
final class LeaseExpiry {
    /** Expired units looked up per round; each is then handled in its own short transaction. */
    static final int ROUND_SIZE = 200;

    private LeaseExpiry() {
    }

    static List<String> expiredUnitIds(Connection c, Instant now) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT id FROM units WHERE state = ? AND expires_at < ?"
                + " ORDER BY expires_at, id LIMIT ?")) {
            query.setString(1, UnitState.LEASED.name());
            query.setLong(2, now.toEpochMilli());
            query.setInt(3, ROUND_SIZE);
            try (ResultSet rows = query.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
                return ids;
            }
        }
    }

    /**
     * Requeues one unit whose lease ran out (leasable again after the expiry backoff of {@code retry}), or
     * fails it when it has used up its attempts: each of its inputs without a result then gets an error, and
     * its job ends if this was its last open unit.
     *
     * @return false if the unit was no longer expired, or another transaction holds it
     */
    static boolean expire(Connection c, String unitId, Instant now, RetryPolicy retry) throws SQLException {
        Optional<UnitRow> locked = UnitRows.lockIfExpired(c, unitId, now);
        if (locked.isEmpty()) {
            return false;
        }
        UnitRow unit = locked.get();
        LeaseRecords.end(c, unit.leaseId(), "expired", now);
        // A check is never failed for its leases running out (that would fail the customer's held answers): its
        // deadline bounds how long it is tried before the answers are verified another way.
        if (!retry.attemptsExhausted(unit.attempts()) || GenerationChecks.isCheckWork(unit)) {
            return UnitRows.requeue(c, unit, 0, 0, now.plus(retry.delayAfterExpiry(unit.attempts())),
                    "lease expired", now);
        }
        LeaseEndings.failUnit(c, unit, "unit failed after " + unit.attempts() + " attempts: lease expired", now);
        return true;
    }
}
