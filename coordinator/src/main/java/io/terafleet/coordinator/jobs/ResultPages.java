package io.terafleet.coordinator.jobs;

import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.db.EmbeddingCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a job's results in input order, a page at a time (keyset paging on the input index).
 *
 * <p>Each page is read in its own short transaction and handed to the sink after the connection
 * is back in the pool, so a slow client holds neither a connection nor a snapshot, and memory
 * stays bounded by one page whatever the job's size or the driver's fetch behaviour. Results are
 * written once and never changed, so reading page by page cannot show a result that is later undone.
 */
final class ResultPages {
    static final int PAGE_SIZE = 500;

    private final Database database;

    ResultPages(Database database) {
        this.database = database;
    }

    /** One input's outcome as read; see {@link ResultSink#accept} for the fields. */
    private record Row(int index, String customId, float[] embedding, String error) {
    }

    void stream(String jobId, ResultFilter filter, ResultSink sink) {
        int from = 0;
        while (true) {
            List<Row> page = readPage(jobId, from);
            for (Row row : page) {
                if (selected(filter, row)) {
                    sink.accept(row.index(), row.customId(), row.embedding(), row.error());
                }
            }
            if (page.size() < PAGE_SIZE) {
                return;
            }
            from = page.getLast().index() + 1;
        }
    }

    private static boolean selected(ResultFilter filter, Row row) {
        return switch (filter) {
            case ALL -> true;
            case SUCCEEDED -> row.embedding() != null;
            case FAILED -> row.error() != null;
        };
    }

    private List<Row> readPage(String jobId, int fromIndex) {
        return database.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("""
                    SELECT i.input_index, i.custom_id, r.embedding, r.error
                    FROM inputs i LEFT JOIN results r ON r.job_id = i.job_id AND r.input_index = i.input_index
                    WHERE i.job_id = ? AND i.input_index >= ?
                    ORDER BY i.input_index
                    LIMIT ?""")) {
                query.setString(1, jobId);
                query.setInt(2, fromIndex);
                query.setInt(3, PAGE_SIZE);
                try (ResultSet rows = query.executeQuery()) {
                    List<Row> page = new ArrayList<>(PAGE_SIZE);
                    while (rows.next()) {
                        byte[] embedding = rows.getBytes(3);
                        page.add(new Row(rows.getInt(1), rows.getString(2),
                                embedding == null ? null : EmbeddingCodec.decode(embedding), rows.getString(4)));
                    }
                    return page;
                }
            }
        });
    }
}
