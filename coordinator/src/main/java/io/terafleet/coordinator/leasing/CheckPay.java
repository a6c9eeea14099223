package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.ledger.LedgerRepository;
import io.terafleet.core.ledger.CheckPayments;
import io.terafleet.core.ledger.CheckWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** Pays a checking car's owner for a check, inside the caller's transaction ({@link CheckPayments}). */
final class CheckPay {
    private CheckPay() {
    }

    /**
     * @param checkId   what is paid once (a check unit; a replica check's answer)
     * @param leaseId   the lease the check ran under
     * @param milliWh   the lease's bounded energy spent on this check
     */
    static void pay(Connection c, Verification settings, String checkId, String leaseId, String carId, String model,
                    long promptTokens, long completionTokens, long milliWh, Instant now) throws SQLException {
        if (promptTokens + completionTokens == 0 || TrustRows.read(c, carId, false).trust().isQuarantined()) {
            return;
        }
        String owner = ReplicaRows.ownerAndHardware(c, carId)[0];
        var work = new CheckWork(checkId, leaseId, carId, owner, model, promptTokens, completionTokens, milliWh,
                settings.microsPerKwh(), now);
        var posting = new CheckPayments(settings.ledger().prices(), settings.ledger().terms()).pay(work);
        if (posting.isPresent()) {
            LedgerRepository.postWithin(c, posting.get());
        }
    }
}
