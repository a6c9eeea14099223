package io.terafleet.coordinator.leasing;

import io.terafleet.core.api.InputResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The energy a generation lease was paid for (its claim bounded by {@link EnergyBound}: board power × observed time)
 * shared out over the answers the car decoded in it, by the tokens it generated for each: the energy rides with each
 * answer's car part and is reimbursed when the answer is delivered and charged.
 */
final class AnswerEnergy {
    private AnswerEnergy() {
    }

    /** Milliwatt-hours per input index; the remainder of the division goes to the first answers with tokens. */
    static Map<Integer, Long> shares(Connection c, String leaseId, List<InputResult> results) throws SQLException {
        long total = LeaseEnergy.milliWh(c, leaseId);
        long tokens = results.stream().filter(r -> r.answer() != null).mapToLong(r -> r.answer().tokens().length).sum();
        Map<Integer, Long> shares = new HashMap<>();
        if (total == 0 || tokens == 0) {
            return shares;
        }
        long given = 0;
        for (InputResult r : results) {
            if (r.answer() != null && r.answer().tokens().length > 0) {
                long share = total * r.answer().tokens().length / tokens;
                shares.put(r.index(), share);
                given += share;
            }
        }
        for (InputResult r : results) {
            if (given == total) {
                break;
            }
            if (shares.containsKey(r.index())) {
                shares.merge(r.index(), 1L, Long::sum);
                given++;
            }
        }
        return shares;
    }
}
