package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.jobs.JobRows;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.scheduling.RetryPolicy;
import io.terafleet.core.unit.UnitState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Completing and releasing leases, inside the caller's transaction. */
final class LeaseEndings {
    private LeaseEndings() {
    }

    /**
     * Outcome of a completion, decided under the unit's lock:
     * <ul>
     *   <li>unknown lease, or a lease of another car: lease lost;</li>
     *   <li>unit already COMPLETED (by this lease or any other): duplicate, nothing stored;</li>
     *   <li>unit FAILED or CANCELLED, or LEASED under another lease: lease lost;</li>
     *   <li>unit LEASED under this lease, even past its expiry: accepted;</li>
     *   <li>unit QUEUED again after this lease expired, and no one has taken it since: accepted,
     *       by leasing it back to this car and completing it (the work is done; redoing it helps no
     *       one).</li>
     * </ul>
     */
    static String complete(Connection c, String leaseId, String carId, List<InputResult> results, Double energyWh,
                           Instant now, Checking checking) throws SQLException {
        Optional<UnitRow> locked = lockUnitOfLease(c, leaseId, carId);
        if (locked.isEmpty()) {
            return CompleteResponse.LEASE_LOST;
        }
        UnitRow unit = locked.get();
        Optional<String> refused = results == null ? Optional.empty()
                : ResultSignatureCheck.refuse(c, unit, leaseId, carId, results, now);
        if (refused.isPresent()) {
            return refused.get();
        }
        return switch (unit.state()) {
            case COMPLETED -> CompleteResponse.DUPLICATE;
            case FAILED, CANCELLED -> CompleteResponse.LEASE_LOST;
            case LEASED -> {
                if (!leaseId.equals(unit.leaseId())) {
                    yield CompleteResponse.LEASE_LOST;
                }
                ResultWriter.requireWellFormed(unit, results);
                yield accept(c, unit, leaseId, carId, results, energyWh, now, checking);
            }
            // Requeued after this lease expired. If the unit was cut for another car since, the late results no
            // longer match its inputs: the work is lost rather than stored against the wrong unit.
            case QUEUED -> ResultWriter.isWellFormed(unit, results)
                    ? acceptLate(c, unit, leaseId, carId, results, energyWh, now, checking)
                    : CompleteResponse.LEASE_LOST;
        };
    }

    /**
     * Keeps the partial results of a live lease and puts the unit back in the queue (after the release
     * backoff of {@code retry}), or completes it if the partial results cover every input. A release is not a
     * failure, so the lease's attempt is given back to the unit; but a unit released
     * {@link RetryPolicy#maxReleases()} times fails, its remaining inputs with the last reason.
     *
     * @return false if the lease was not live (nothing stored)
     */
    static boolean release(Connection c, String leaseId, String carId, List<InputResult> partial, String reason,
                           Double energyWh, RetryPolicy retry, Instant now, Checking checking) throws SQLException {
        Optional<UnitRow> locked = lockUnitOfLease(c, leaseId, carId);
        if (locked.isEmpty() || locked.get().state() != UnitState.LEASED
                || !leaseId.equals(locked.get().leaseId())) {
            return false;
        }
        UnitRow unit = locked.get();
        if (partial != null && ResultSignatureCheck.broken(c, unit, carId, partial, now)) {
            partial = List.of(); // refused, and counted against the car; the release itself goes ahead
        }
        ResultWriter.requireWellFormed(unit, partial);
        if (GenerationChecks.isCheck(unit)) {
            partial = List.of(); // a check is judged whole: the next car re-scores every answer again
        }
        LeaseRecords.end(c, leaseId, "released: " + reason, now);
        EnergyBound.record(c, leaseId, energyWh, now);
        Map<Integer, Long> energy = hasAnswers(partial) ? AnswerEnergy.shares(c, leaseId, partial) : Map.of();
        Set<Integer> done = UnitRows.indexesWithResult(c, unit);
        // A canary or check unit is judged whole: its partial answers are not results yet, so they are dropped (a
        // replica check keeps its unfinished ones). A replica lane keeps its unfinished answers, to resume from its
        // own tokens, and its finished ones as replicas, which its next car does not answer again.
        boolean checkWork = GenerationChecks.isCheckWork(unit);
        boolean asIs = !checkWork && (checking == null || checking.job(c, unit.jobId()).acceptsAsIs());
        List<InputResult> finished = partial.stream().filter(r -> !ResultWriter.isUnfinishedAnswer(r)).toList();
        int stored = asIs ? ResultWriter.storeNew(c, unit, done, finished, carId, energy, now) : 0;
        boolean lane = !asIs && !checkWork && !checking.job(c, unit.jobId()).canary();
        if (asIs || checkWork || lane) {
            keepUnfinished(c, unit, done, partial, carId, energy, now);
        }
        if (lane && hasAnswers(finished)) {
            checking.generationVerifier().keepReleased(c, unit, checking.job(c, unit.jobId()), leaseId, carId,
                    finished, energy, now);
            done = UnitRows.indexesWithResult(c, unit);
        }
        if (lane) {
            done = new java.util.HashSet<>(done);
            done.addAll(AnswerRows.finishedInLane(c, unit));
        }
        // Generated answers are charged by their tokens when the batch delivers them, not per input here.
        if (checking != null && stored > 0 && !hasAnswers(partial)) {
            // Inputs delivered through a release are charged and paid like completed ones, once.
            checking.settleReleased(c, unit, checking.job(c, unit.jobId()), leaseId, carId, stored, now);
        }
        int releases = unit.releases() + 1;
        if (done.size() + stored == unit.inputCount()) {
            if (lane) {
                AnswerRows.drop(c, unit, AnswerRows.progress(c, unit).keySet());
            }
            finishCompleted(c, unit, now);
        } else if (retry.releasesExhausted(releases)) {
            failUnit(c, unit, "unit failed after " + releases + " releases; last: " + reason, now);
        } else {
            UnitRows.requeue(c, unit, 1, 1, now.plus(retry.delayAfterRelease(releases)), "released: " + reason, now);
        }
        return true;
    }

    private static boolean hasAnswers(List<InputResult> results) {
        return results.stream().anyMatch(r -> r.answer() != null);
    }

    /** A released car's unfinished answers, continued from what was kept before, for the next car to resume. */
    private static void keepUnfinished(Connection c, UnitRow unit, Set<Integer> done, List<InputResult> partial,
                                       String carId, Map<Integer, Long> energy, Instant now) throws SQLException {
        List<InputResult> unfinished = partial.stream().filter(ResultWriter::isUnfinishedAnswer)
                .filter(r -> !done.contains(r.index()) && r.answer().tokens().length > 0).toList();
        if (unfinished.isEmpty()) {
            return;
        }
        var progress = AnswerRows.progress(c, unit);
        for (InputResult r : unfinished) {
            var so = progress.getOrDefault(r.index(), io.terafleet.coordinator.generation.StoredAnswer.NONE);
            AnswerRows.save(c, unit, r.index(), so.continuedBy(carId, r.answer(), energy.getOrDefault(r.index(), 0L)),
                    now);
        }
    }

    private static Optional<UnitRow> lockUnitOfLease(Connection c, String leaseId, String carId)
            throws SQLException {
        Optional<LeaseRecords.LeaseRecord> lease = LeaseRecords.find(c, leaseId);
        if (lease.isEmpty() || !lease.get().carId().equals(carId)) {
            return Optional.empty();
        }
        return UnitRows.lock(c, lease.get().unitId());
    }

    private static String accept(Connection c, UnitRow unit, String leaseId, String carId, List<InputResult> results,
                                 Double energyWh, Instant now, Checking checking) throws SQLException {
        Set<Integer> done = UnitRows.indexesWithResult(c, unit);
        if (hasAnswers(results) && unit.replica() >= 0) {
            // A replica lane's inputs answered whole before a release are not asked again.
            done = new java.util.HashSet<>(done);
            done.addAll(AnswerRows.finishedInLane(c, unit));
        }
        ResultWriter.requireCovers(unit, done, results);
        LeaseRecords.end(c, leaseId, "completed", now);
        EnergyBound.record(c, leaseId, energyWh, now);
        JobVerification job = checking == null ? null : checking.job(c, unit.jobId());
        Map<Integer, Long> energy = hasAnswers(results) ? AnswerEnergy.shares(c, leaseId, results) : Map.of();
        if (checking != null && GenerationChecks.isCheckWork(unit)) {
            checking.generationChecks().complete(c, unit, leaseId, carId, results, energy, now);
        } else if (checking != null && hasAnswers(results) && checking.heldForCheck(c, unit, job, carId)) {
            checking.generationChecks().hold(c, unit, leaseId, carId, results, energy, now);
        } else if (job == null || job.acceptsAsIs()) {
            int stored = ResultWriter.storeNew(c, unit, done, results, carId, energy, now);
            if (checking != null && !hasAnswers(results)) {
                checking.settleAsIs(c, unit, job, leaseId, carId, stored, now);
            }
            finishCompleted(c, unit, now);
        } else if (job.canary()) {
            checking.canaries().complete(c, unit, job, leaseId, carId, results, now);
        } else if (GenerationVerifier.handles(results)) {
            checking.generationVerifier().complete(c, unit, job, leaseId, carId, results, now);
        } else {
            checking.verifier().complete(c, unit, job, leaseId, carId, results, now);
        }
        return CompleteResponse.ACCEPTED;
    }

    private static String acceptLate(Connection c, UnitRow unit, String leaseId, String carId,
                                     List<InputResult> results, Double energyWh, Instant now, Checking checking)
            throws SQLException {
        // The attempt was counted when this lease was granted; taking the unit back adds none.
        if (!UnitRows.markLeased(c, unit, leaseId, carId, now, 0, now)) {
            return CompleteResponse.LEASE_LOST;
        }
        UnitRow leased = unit.withLease(UnitState.LEASED, leaseId, carId);
        return accept(c, leased, leaseId, carId, results, energyWh, now, checking);
    }

    private static void finishCompleted(Connection c, UnitRow unit, Instant now) throws SQLException {
        UnitRows.finish(c, unit, UnitState.COMPLETED, now);
        JobRows.finishIfAllUnitsFinal(c, unit.jobId(), now);
    }

    /** LEASED to FAILED: every input of the unit still without a result gets {@code why} as its error. */
    static void failUnit(Connection c, UnitRow unit, String why, Instant now) throws SQLException {
        UnitRows.fail(c, unit, why, now);
        JobRows.failInputsWithoutResult(c, unit.jobId(), unit.firstInput(), unit.endInput(), UnitRows.truncate(why),
                now);
        JobRows.finishIfAllUnitsFinal(c, unit.jobId(), now);
    }
}
