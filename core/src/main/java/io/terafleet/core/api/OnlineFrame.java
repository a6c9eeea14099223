package io.terafleet.core.api;

import java.util.List;

/**
 * One message on a car's online channel (a WebSocket the car keeps open to its coordinator), as a JSON text frame.
 * The car offers itself ({@link #READY}, the models it holds loaded: one request at a time, as a poll), the
 * coordinator hands it a request ({@link #TASK}), the car streams tokens ({@link #TOKENS}) and answers
 * ({@link #RESULT}); the coordinator says when a request no longer waits for this car ({@link #GONE}), and when
 * the car's owner saved a new policy ({@link #POLICY}: the car reports at once, and the report's answer carries it).
 */
public record OnlineFrame(String type, List<String> models, OnlineTask task, String requestId, OnlineResult result,
                          TokenChunk chunk) {
    public static final String READY = "ready";
    public static final String TASK = "task";
    public static final String RESULT = "result";
    public static final String TOKENS = "tokens";
    public static final String GONE = "gone";
    public static final String POLICY = "policy";

    public static OnlineFrame ready(List<String> models) {
        return new OnlineFrame(READY, models, null, null, null, null);
    }

    public static OnlineFrame task(OnlineTask task) {
        return new OnlineFrame(TASK, null, task, task.requestId(), null, null);
    }

    public static OnlineFrame result(String requestId, OnlineResult result) {
        return new OnlineFrame(RESULT, null, null, requestId, result, null);
    }

    public static OnlineFrame tokens(String requestId, TokenChunk chunk) {
        return new OnlineFrame(TOKENS, null, null, requestId, null, chunk);
    }

    public static OnlineFrame gone(String requestId) {
        return new OnlineFrame(GONE, null, null, requestId, null, null);
    }

    /** A newer policy waits for the car: it reports now instead of at its next period. */
    public static OnlineFrame policy() {
        return new OnlineFrame(POLICY, null, null, null, null, null);
    }
}
