package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.Database;
import io.terafleet.core.verification.TrustState;
import java.time.Clock;

/**
 * An operator lets a quarantined car start again ({@code QUARANTINED → NEW}, the trust table's only way out): its
 * streak and strikes restart, its history totals stay, and it is vetted again by canaries before its results count
 * alone. Its voided credit stays voided.
 */
public final class TrustReinstatement {
    /** What reinstating gave. */
    public enum Outcome { REINSTATED, NOT_QUARANTINED }

    private final Database database;
    private final Clock clock;

    public TrustReinstatement(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public Outcome reinstate(String carId) {
        return database.inTransaction(c -> {
            TrustRows.Stored stored = TrustRows.read(c, carId, true);
            if (stored.trust().state() != TrustState.QUARANTINED) {
                return Outcome.NOT_QUARANTINED;
            }
            TrustRows.write(c, new TrustRows.Stored(stored.trust().reinstate().after(), 0), clock.instant());
            return Outcome.REINSTATED;
        });
    }
}
