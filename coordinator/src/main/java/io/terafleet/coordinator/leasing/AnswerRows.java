package io.terafleet.coordinator.leasing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.generation.StoredAnswer;
import io.terafleet.core.api.GenerationTask;
import io.terafleet.core.api.UnitInput;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The unfinished answers of generation units (table {@code answer_progress}): what a released car handed back, so
 * that the next lease of the input resumes after those tokens (prefix replay), and who generated them. Kept per
 * replica lane: each lane of a replicated job resumes from its own cars' tokens, never from another lane's.
 */
final class AnswerRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswerRows() {
    }

    /** The answers so far of the unit's inputs that have some, by input index. */
    static Map<Integer, StoredAnswer> progress(Connection c, UnitRow unit) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT input_index, answer FROM answer_progress"
                + " WHERE job_id = ? AND input_index >= ? AND input_index < ? AND replica = ?")) {
            q.setString(1, unit.jobId());
            q.setInt(2, unit.firstInput());
            q.setInt(3, unit.endInput());
            q.setInt(4, unit.replica());
            try (ResultSet rows = q.executeQuery()) {
                Map<Integer, StoredAnswer> found = new HashMap<>();
                while (rows.next()) {
                    found.put(rows.getInt(1), StoredAnswer.fromJson(rows.getString(2)));
                }
                return found;
            }
        }
    }

    /**
     * The unit's prompts, each resumed after the tokens generated for it so far; an input its lane already answered
     * whole (a replica lane's answer a released car handed back finished) is not asked again.
     */
    static List<UnitInput> resumed(Connection c, UnitRow unit, List<UnitInput> inputs) throws SQLException {
        Map<Integer, StoredAnswer> progress = progress(c, unit);
        if (progress.isEmpty()) {
            return inputs;
        }
        List<UnitInput> resumed = new ArrayList<>(inputs.size());
        for (UnitInput input : inputs) {
            StoredAnswer so = progress.get(input.index());
            if (so != null && so.finished()) {
                continue;
            }
            resumed.add(so == null ? input : new UnitInput(input.index(), resume(input.text(), so)));
        }
        return resumed;
    }

    /** The inputs the unit's lane answered whole in an earlier lease (their replicas are stored). */
    static java.util.Set<Integer> finishedInLane(Connection c, UnitRow unit) throws SQLException {
        java.util.Set<Integer> finished = new java.util.HashSet<>();
        progress(c, unit).forEach((index, answer) -> {
            if (answer.finished()) {
                finished.add(index);
            }
        });
        return finished;
    }

    private static String resume(String taskJson, StoredAnswer so) {
        try {
            GenerationTask task = JSON.readValue(taskJson, GenerationTask.class);
            return JSON.writeValueAsString(task.resumedAfter(so.tokens(), so.text()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a generation input is not a task: " + e.getMessage(), e);
        }
    }

    /** Keeps an unfinished answer of the unit's lane for its next lease, replacing what an earlier release kept. */
    static void save(Connection c, UnitRow unit, int index, StoredAnswer answer, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE answer_progress SET answer = ?, updated_at = ?"
                + " WHERE job_id = ? AND input_index = ? AND replica = ?")) {
            update.setString(1, answer.toJson());
            update.setLong(2, now.toEpochMilli());
            update.setString(3, unit.jobId());
            update.setInt(4, index);
            update.setInt(5, unit.replica());
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO answer_progress (job_id, input_index, replica,"
                + " answer, updated_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, unit.jobId());
            insert.setInt(2, index);
            insert.setInt(3, unit.replica());
            insert.setString(4, answer.toJson());
            insert.setLong(5, now.toEpochMilli());
            insert.executeUpdate();
        }
    }

    /** Forgets the unfinished answers of the unit's lane once their results (or replicas) are stored. */
    static void drop(Connection c, UnitRow unit, java.util.Collection<Integer> indexes) throws SQLException {
        if (indexes.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM answer_progress WHERE job_id = ?"
                + " AND input_index = ? AND replica = ?")) {
            for (int index : indexes) {
                delete.setString(1, unit.jobId());
                delete.setInt(2, index);
                delete.setInt(3, unit.replica());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }
}
