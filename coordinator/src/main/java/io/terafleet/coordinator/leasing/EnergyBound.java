package io.terafleet.coordinator.leasing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Energy paid for a lease is what physics and the fleet allow, not what the car says:
 * <ol>
 *   <li>at most the hardware class's board power × the time the coordinator saw the lease open (grant to end), less
 *       the part of that time the car's other leases were already paid for ({@link CarEnergyClock}): a car holding
 *       16 leases at once draws one board's power, not 16;</li>
 *   <li>a claim per input more than {@link #FAR_ABOVE} × the fleet's median for the model and hardware class is
 *       paid at the median, and the car's trust is lowered (its streak of valid work ends, a strike is added).</li>
 * </ol>
 * The claim is kept beside what is paid. The median is a running estimate (one O(1) step per lease) kept in the
 * store, so every coordinator shares it. The class is one the fleet knows (HW3, HW4) or {@code unknown}: a car
 * naming a class of its own shares the unknown class's median rather than setting one it alone feeds.
 */
final class EnergyBound {
    /** Board power per hardware class, in watts: HW3 draws about 72 W at full load, HW4 about 160 W. */
    static final Map<String, Integer> WATTS = Map.of("HW3", 72, "HW4", 160);
    /** An unknown class is bounded by the largest board the fleet has. */
    static final int DEFAULT_WATTS = 160;
    /** How far above the median a claim may be before it is paid at the median. */
    static final double FAR_ABOVE = 4.0;
    /** Leases seen before the median is trusted to judge claims. */
    static final long MIN_SAMPLES = 20;

    private EnergyBound() {
    }

    /** What one lease may be paid for, from its claim, the time observed and the fleet median (all in mWh). */
    static double bounded(double claimedMilliWh, int watts, long observedMillis, int inputs, Double medianPerInput,
                          long samples) {
        double physical = watts * (double) Math.max(0, observedMillis) / 3600.0;
        double paid = Math.max(0, Math.min(claimedMilliWh, physical));
        if (medianPerInput != null && samples >= MIN_SAMPLES && paid > FAR_ABOVE * medianPerInput * inputs) {
            return medianPerInput * inputs;
        }
        return paid;
    }

    /**
     * Records the car's claim for a lease that just ended and the energy to be paid for it; updates the fleet
     * median and, for a claim far above it, the car's trust. Null (an older agent) records nothing.
     */
    static void record(Connection c, String leaseId, Double claimedWh, Instant now) throws SQLException {
        if (claimedWh == null) {
            return;
        }
        Lease lease = read(c, leaseId);
        double claimed = claimedWh > 0 && Double.isFinite(claimedWh) ? claimedWh * 1000 : 0;
        if (lease == null) {
            return;
        }
        String hardware = classOf(lease.hardware());
        int watts = WATTS.getOrDefault(hardware, DEFAULT_WATTS);
        long from = CarEnergyClock.lock(c, lease.carId(), lease.grantedAt());
        long observed = Math.max(0, lease.endedAt() - from);
        double[] median = median(c, lease.model(), hardware);
        Double perInput = median == null ? null : median[0];
        long samples = median == null ? 0 : (long) median[1];
        double paid = bounded(claimed, watts, observed, lease.inputs(), perInput, samples);
        boolean overClaimed = perInput != null && samples >= MIN_SAMPLES
                && paid < Math.min(claimed, watts * (double) observed / 3600.0);
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE leases SET energy_wh = ?, energy_claimed_wh = ? WHERE id = ?")) {
            update.setDouble(1, paid / 1000);
            update.setDouble(2, claimedWh);
            update.setString(3, leaseId);
            update.executeUpdate();
        }
        CarEnergyClock.spend(c, lease.carId(), from + (long) Math.ceil(paid * 3600.0 / watts));
        if (overClaimed) {
            TrustStrikes.strike(c, lease.carId(), now);
        } else if (paid > 0 && lease.inputs() > 0 && !GenerationChecks.isCheckLane(lease.replica())) {
            // A check's one scoring pass per answer costs far less than generating it: kept out of the median.
            step(c, lease.model(), hardware, paid / lease.inputs(), median, now);
        }
    }

    /** A class the fleet knows, or {@code unknown}: classes are the car's word, medians are not its to set. */
    static String classOf(String declared) {
        String upper = declared == null ? "" : declared.toUpperCase(Locale.ROOT);
        return WATTS.containsKey(upper) ? upper : "unknown";
    }

    /** An open lease ends, for the bound, where it began: nothing observed, nothing paid. */
    private record Lease(String carId, String hardware, String model, int inputs, long grantedAt, long endedAt,
                         int replica) {
    }

    private static Lease read(Connection c, String leaseId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT l.car_id, c.hardware_class, j.model, u.input_count,"
                + " l.granted_at, l.ended_at, u.replica FROM leases l JOIN units u ON u.id = l.unit_id"
                + " JOIN jobs j ON j.id = u.job_id"
                + " LEFT JOIN cars c ON c.id = l.car_id WHERE l.id = ?")) {
            q.setString(1, leaseId);
            try (ResultSet rows = q.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                long granted = rows.getLong(5);
                long ended = rows.getLong(6);
                boolean open = rows.wasNull();
                return new Lease(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4), granted,
                        open ? granted : ended, rows.getInt(7));
            }
        }
    }

    /** {median mWh per input, samples}, or null before the first lease of this model on this class. */
    private static double[] median(Connection c, String model, String hardware) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT milli_wh_per_input, samples FROM energy_medians"
                + " WHERE model = ? AND hardware_class = ?")) {
            q.setString(1, model);
            q.setString(2, hardware);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? new double[] {rows.getDouble(1), rows.getLong(2)} : null;
            }
        }
    }

    /**
     * One step of a stochastic-approximation median: move towards the sample by a step that shrinks as the
     * estimate settles (1/8 of the estimate, at most the distance). Converges on the median of a stationary
     * stream; a lone outlier moves it by one bounded step.
     */
    static double nextMedian(double median, double sample) {
        double step = Math.min(Math.abs(sample - median), Math.max(median / 8, 1e-6));
        return sample > median ? median + step : median - step;
    }

    private static void step(Connection c, String model, String hardware, double sample, double[] median, Instant now)
            throws SQLException {
        if (median == null) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO energy_medians (model, hardware_class,"
                    + " milli_wh_per_input, samples, updated_at) VALUES (?, ?, ?, 1, ?)")) {
                insert.setString(1, model);
                insert.setString(2, hardware);
                insert.setDouble(3, sample);
                insert.setLong(4, now.toEpochMilli());
                // Another lease of the same model and class may insert it first: one sample fewer, no harm. Under
                // a savepoint, so that on PostgreSQL the key violation does not abort the whole completion.
                io.terafleet.coordinator.db.Sql.insertIfAbsent(c, insert);
            }
            return;
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE energy_medians SET milli_wh_per_input = ?,"
                + " samples = samples + 1, updated_at = ? WHERE model = ? AND hardware_class = ?")) {
            update.setDouble(1, nextMedian(median[0], sample));
            update.setLong(2, now.toEpochMilli());
            update.setString(3, model);
            update.setString(4, hardware);
            update.executeUpdate();
        }
    }
}
