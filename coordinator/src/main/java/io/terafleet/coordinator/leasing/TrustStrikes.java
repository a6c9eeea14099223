package io.terafleet.coordinator.leasing;

import io.terafleet.core.verification.CarTrust;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Misbehaviour caught before any quorum (a result that breaks the model's signature, an energy claim far above the
 * fleet's): the car's streak of valid work ends and it gets a strike, so it earns trust back only slowly.
 */
final class TrustStrikes {
    private TrustStrikes() {
    }

    static void strike(Connection c, String carId, Instant now) throws SQLException {
        TrustRows.Stored stored = TrustRows.read(c, carId, true);
        CarTrust t = stored.trust();
        CarTrust lowered = new CarTrust(t.carId(), t.state(), 0, t.strikes() + 1, t.totalValid(), t.totalInvalid() + 1);
        TrustRows.write(c, new TrustRows.Stored(lowered, stored.canariesPassed()), now);
    }
}
