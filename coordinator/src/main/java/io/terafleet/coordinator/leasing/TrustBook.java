package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.ledger.LedgerRepository;
import io.terafleet.core.ledger.Corrections;
import io.terafleet.core.ledger.Money;
import io.terafleet.core.verification.TrustUpdate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Moves cars' trust on verdicts, inside the caller's transaction: one invalid answer in a judgement is a strike
 * (a trusted car falls back to probation); all valid is one more in the car's streak. A car quarantined now gets
 * no more work, and what it earned but was not paid yet is voided by a correction posting.
 */
final class TrustBook {
    private final Verification settings;

    TrustBook(Verification settings) {
        this.settings = settings;
    }

    void apply(Connection c, Map<String, List<Boolean>> verdictsByCar, Instant now) throws SQLException {
        for (Map.Entry<String, List<Boolean>> car : verdictsByCar.entrySet()) {
            boolean valid = car.getValue().stream().allMatch(v -> v);
            judge(c, car.getKey(), valid, false, now);
        }
    }

    /** One verdict for a car; {@code canary} counts a passed canary towards being vetted. */
    void judge(Connection c, String carId, boolean valid, boolean canary, Instant now) throws SQLException {
        TrustRows.Stored stored = TrustRows.read(c, carId, true);
        TrustUpdate update = valid ? stored.trust().onValid(settings.trust())
                : stored.trust().onInvalid(settings.trust());
        int canaries = stored.canariesPassed() + (valid && canary ? 1 : 0);
        TrustRows.write(c, new TrustRows.Stored(update.after(), canaries), now);
        String owner = ReplicaRows.ownerAndHardware(c, carId)[0];
        if (valid) {
            OwnerTrustRows.verified(c, owner, settings.probation(), now);
        }
        if (update.quarantinedNow()) {
            OwnerTrustRows.carQuarantined(c, owner, now);
            voidUnpaidCredit(c, carId, now);
        }
    }

    private void voidUnpaidCredit(Connection c, String carId, Instant now) throws SQLException {
        String currency = settings.ledger().currency();
        long unpaid;
        try (PreparedStatement q = c.prepareStatement("SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries"
                + " WHERE account_type = 'OWNER' AND car_id = ? AND currency = ?")) {
            q.setString(1, carId);
            q.setString(2, currency);
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                unpaid = rows.getLong(1);
            }
        }
        String owner = ReplicaRows.ownerAndHardware(c, carId)[0];
        var voiding = Corrections.voidUnpaidCredit(owner, carId, new Money(currency, unpaid),
                "quarantine:" + carId, now);
        if (voiding.isPresent()) {
            LedgerRepository.postWithin(c, voiding.get());
        }
    }
}
