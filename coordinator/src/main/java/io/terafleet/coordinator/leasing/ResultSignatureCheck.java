package io.terafleet.coordinator.leasing;

import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.ModelDescriptor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Results checked against the registered model's signature before they are stored or judged: every value finite
 * (float32 on the wire, so dtype holds by construction), and for a text-embedding model exactly its dimensions and
 * unit length (its vectors are L2-normalised). A vector of the wrong shape, with NaN or infinity, or all zeros is
 * refused and counts against the car. A model not in the registry is left to the unit's well-formedness checks
 * (shape agreement and finiteness, answered as a 400).
 */
final class ResultSignatureCheck {
    /** How far from 1 the length of a float32 unit vector may be after rounding. */
    static final double NORM_TOLERANCE = 1e-3;

    /** What a model's results must look like; {@code dimensions} 0 when the registry does not say. */
    record Signature(int dimensions, boolean unitNorm) {
        static final Signature ANY = new Signature(0, false);
    }

    private ResultSignatureCheck() {
    }

    /** The signature of the job's model, from the registry. */
    static Signature of(Connection c, String jobId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT m.kind, m.dimensions FROM jobs j JOIN models m"
                + " ON m.name = j.model WHERE j.id = ?")) {
            q.setString(1, jobId);
            try (ResultSet rows = q.executeQuery()) {
                if (!rows.next()) {
                    return Signature.ANY;
                }
                boolean embedding = ModelDescriptor.TEXT_EMBEDDING.equals(rows.getString(1));
                return new Signature(embedding ? rows.getInt(2) : 0, embedding);
            }
        }
    }

    /**
     * Refuses a completion whose results break the signature: the car gets a strike, and a unit still leased to
     * this lease ends it and goes back to the queue (immediately, for another car). A retry of a refused
     * completion finds its lease lost (and costs no second strike).
     *
     * @return the completion's outcome when refused (or lost after a refusal), empty to go on
     */
    static Optional<String> refuse(Connection c, UnitRow unit, String leaseId, String carId,
                                   List<InputResult> results, java.time.Instant now) throws SQLException {
        boolean mine = unit.state() == io.terafleet.core.unit.UnitState.LEASED && leaseId.equals(unit.leaseId());
        if (!mine && unit.state() != io.terafleet.core.unit.UnitState.QUEUED) {
            return Optional.empty();
        }
        if (!mine && wasRefused(c, leaseId)) {
            return Optional.of(io.terafleet.core.api.CompleteResponse.LEASE_LOST);
        }
        Signature signature = of(c, unit.jobId());
        if (signature == Signature.ANY) {
            return Optional.empty(); // no registered signature: the unit's own well-formedness checks apply
        }
        Optional<String> fault = fault(signature, results);
        if (fault.isEmpty()) {
            return Optional.empty();
        }
        TrustStrikes.strike(c, carId, now);
        if (mine) {
            LeaseRecords.end(c, leaseId, UnitRows.truncate(REFUSED + fault.get()), now);
            UnitRows.requeue(c, unit, 0, 0, now, UnitRows.truncate("results " + REFUSED + fault.get()), now);
        }
        return Optional.of(io.terafleet.core.api.CompleteResponse.REJECTED);
    }

    private static final String REFUSED = "refused: ";

    private static boolean wasRefused(Connection c, String leaseId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT end_reason FROM leases WHERE id = ?")) {
            q.setString(1, leaseId);
            try (ResultSet rows = q.executeQuery()) {
                String reason = rows.next() ? rows.getString(1) : null;
                return reason != null && reason.startsWith(REFUSED);
            }
        }
    }

    /** Whether partial results (of a release) break the signature; if so the car gets a strike. */
    static boolean broken(Connection c, UnitRow unit, String carId, List<InputResult> results, java.time.Instant now)
            throws SQLException {
        Signature signature = results.isEmpty() ? Signature.ANY : of(c, unit.jobId());
        if (signature == Signature.ANY || fault(signature, results).isEmpty()) {
            return false;
        }
        TrustStrikes.strike(c, carId, now);
        return true;
    }

    /** The first way {@code results} break the signature, or empty when they all fit. */
    static Optional<String> fault(Signature signature, List<InputResult> results) {
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) == null) {
                continue;
            }
            float[] v = results.get(i).embedding();
            if (v == null) {
                continue; // a missing vector is the well-formedness check's to refuse
            }
            String where = "results[" + i + "] (input " + results.get(i).index() + ")";
            if (signature.dimensions() > 0 && v.length != signature.dimensions()) {
                return Optional.of(where + ": has " + v.length + " values; the model's output has "
                        + signature.dimensions());
            }
            double squares = 0;
            for (float x : v) {
                if (!Float.isFinite(x)) {
                    return Optional.of(where + ": holds " + x + "; every value must be finite");
                }
                squares += (double) x * x;
            }
            if (signature.unitNorm() && Math.abs(Math.sqrt(squares) - 1) > NORM_TOLERANCE) {
                return Optional.of(where + ": has length " + Math.sqrt(squares)
                        + "; the model's embeddings are unit vectors");
            }
        }
        return Optional.empty();
    }
}
