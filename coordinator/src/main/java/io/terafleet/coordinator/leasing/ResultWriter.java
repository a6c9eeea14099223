package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.EmbeddingCodec;
import io.terafleet.core.api.InputResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Checks the embeddings a car sends for a unit, and stores those that are not stored yet. */
final class ResultWriter {
    private ResultWriter() {
    }

    /**
     * Rejects results that cannot belong to {@code unit}: an index outside it, an index twice, a
     * missing or empty embedding, embeddings of different lengths, or a value that is not finite.
     */
    static void requireWellFormed(UnitRow unit, List<InputResult> results) {
        if (results == null) {
            throw new IllegalArgumentException("results: must be set (may be empty for a release)");
        }
        Set<Integer> seen = new HashSet<>();
        int dimensions = -1;
        for (InputResult result : results) {
            if (result == null) {
                throw new IllegalArgumentException("results: holds a null entry");
            }
            int index = result.index();
            if (!unit.holds(index)) {
                throw new IllegalArgumentException("results: input " + index + " is not in " + unit.describe());
            }
            if (!seen.add(index)) {
                throw new IllegalArgumentException("results: input " + index + " appears twice");
            }
            if (result.answer() != null) {
                requireAnswer(index, result.answer());
            } else {
                dimensions = requireEmbedding(index, result.embedding(), dimensions);
            }
        }
    }

    /**
     * Whether every result is for an input of the unit as it is now (a unit cut since the results were computed
     * no longer holds all of them); other defects still throw, as in {@link #requireWellFormed}.
     */
    static boolean isWellFormed(UnitRow unit, List<InputResult> results) {
        if (results != null && results.stream().anyMatch(r -> r != null && !unit.holds(r.index()))) {
            return false;
        }
        requireWellFormed(unit, results);
        return true;
    }

    /** Rejects a completion that leaves some of the unit's outstanding inputs without an embedding. */
    static void requireCovers(UnitRow unit, Set<Integer> alreadyDone, List<InputResult> results) {
        Set<Integer> missing = new TreeSet<>();
        for (int index = unit.firstInput(); index < unit.endInput(); index++) {
            missing.add(index);
        }
        missing.removeAll(alreadyDone);
        results.stream().filter(result -> !isUnfinishedAnswer(result)).forEach(result -> missing.remove(result.index()));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("results: " + missing.size() + " input(s) of " + unit.describe()
                    + " have no " + (results.stream().anyMatch(r -> r.answer() != null) ? "finished answer"
                    : "embedding") + ", first " + missing.iterator().next());
        }
    }

    /**
     * Stores each result whose input has no outcome yet; the first outcome stored for an input wins. A generated
     * answer is stored whole: the tokens kept from earlier cars' releases, then {@code carId}'s own.
     */
    static int storeNew(Connection c, UnitRow unit, Set<Integer> alreadyDone, List<InputResult> results,
                        String carId, Instant now) throws SQLException {
        return storeNew(c, unit, alreadyDone, results, carId, java.util.Map.of(), now);
    }

    /** As above, each answer's part by this car paid the energy {@code energy} holds for its input (mWh). */
    static int storeNew(Connection c, UnitRow unit, Set<Integer> alreadyDone, List<InputResult> results,
                        String carId, java.util.Map<Integer, Long> energy, Instant now) throws SQLException {
        int stored = 0;
        java.util.Map<Integer, io.terafleet.coordinator.generation.StoredAnswer> progress =
                results.stream().anyMatch(r -> r.answer() != null) ? AnswerRows.progress(c, unit) : java.util.Map.of();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO results (job_id, input_index, embedding,"
                + " created_at, tokens, answer) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (InputResult result : results) {
                if (alreadyDone.contains(result.index())) {
                    continue;
                }
                insert.setString(1, unit.jobId());
                insert.setInt(2, result.index());
                insert.setBytes(3, result.answer() != null ? null : EmbeddingCodec.encode(result.embedding()));
                insert.setString(6, result.answer() == null ? null : progress.getOrDefault(result.index(),
                        io.terafleet.coordinator.generation.StoredAnswer.NONE).continuedBy(carId, result.answer(),
                        energy.getOrDefault(result.index(), 0L)).toJson());
                insert.setLong(4, now.toEpochMilli());
                if (result.tokens() == null) {
                    insert.setNull(5, java.sql.Types.INTEGER);
                } else {
                    insert.setInt(5, result.tokens());
                }
                insert.addBatch();
                stored++;
            }
            if (stored > 0) {
                insert.executeBatch();
            }
        }
        io.terafleet.coordinator.jobs.JobProgress.add(c, unit.jobId(), stored, 0);
        AnswerRows.drop(c, unit, progress.keySet().stream().filter(i -> !alreadyDone.contains(i)
                && results.stream().anyMatch(r -> r.index() == i)).toList());
        return stored;
    }

    /**
     * {@link #storeNew} for the embeddings of several units at once (no generated answers): one JDBC batch for all
     * their results (on PostgreSQL one multi-row INSERT). The job counters are the caller's to add to.
     *
     * @return per unit id, how many results were stored
     */
    static java.util.Map<String, Integer> storeNewEmbeddings(Connection c, List<UnitRow> units,
                                                             java.util.Map<String, Set<Integer>> alreadyDone,
                                                             java.util.Map<String, List<InputResult>> results,
                                                             Instant now) throws SQLException {
        java.util.Map<String, Integer> stored = new java.util.HashMap<>();
        java.util.Map<String, Long> byJob = new java.util.TreeMap<>();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO results (job_id, input_index, embedding,"
                + " created_at, tokens, answer) VALUES (?, ?, ?, ?, ?, NULL)")) {
            for (UnitRow unit : units) {
                int count = 0;
                for (InputResult result : results.get(unit.id())) {
                    if (alreadyDone.get(unit.id()).contains(result.index())) {
                        continue;
                    }
                    insert.setString(1, unit.jobId());
                    insert.setInt(2, result.index());
                    insert.setBytes(3, EmbeddingCodec.encode(result.embedding()));
                    insert.setLong(4, now.toEpochMilli());
                    if (result.tokens() == null) {
                        insert.setNull(5, java.sql.Types.INTEGER);
                    } else {
                        insert.setInt(5, result.tokens());
                    }
                    insert.addBatch();
                    count++;
                }
                stored.put(unit.id(), count);
                byJob.merge(unit.jobId(), (long) count, Long::sum);
            }
            if (byJob.values().stream().anyMatch(n -> n > 0)) {
                insert.executeBatch();
            }
        }
        return stored;
    }

    /** A finished answer is a result; an unfinished one (a release's) is kept to resume from. */
    static boolean isUnfinishedAnswer(InputResult result) {
        return result.answer() != null && !result.answer().finished();
    }

    private static void requireAnswer(int index, io.terafleet.core.api.GeneratedAnswer answer) {
        if (answer.tokens().length != answer.logprobs().length) {
            throw new IllegalArgumentException("results: input " + index + " has " + answer.tokens().length
                    + " tokens but " + answer.logprobs().length + " log-probabilities");
        }
        for (float lp : answer.logprobs()) {
            if (!Float.isFinite(lp) || lp > 1e-3f) {
                throw new IllegalArgumentException("results: input " + index + " has a log-probability of " + lp
                        + "; each must be finite and at most 0");
            }
        }
    }

    private static int requireEmbedding(int index, float[] embedding, int dimensions) {
        if (embedding == null || embedding.length == 0) {
            throw new IllegalArgumentException("results: input " + index + " has no embedding");
        }
        if (dimensions >= 0 && embedding.length != dimensions) {
            throw new IllegalArgumentException("results: input " + index + " has " + embedding.length
                    + " dimensions, the others " + dimensions);
        }
        for (float value : embedding) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException("results: input " + index + " holds a value that is not finite");
            }
        }
        return embedding.length;
    }
}
