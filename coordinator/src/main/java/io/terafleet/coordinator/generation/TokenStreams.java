package io.terafleet.coordinator.generation;

import io.terafleet.core.api.TokenChunk;
import java.util.concurrent.ConcurrentHashMap;

/** The answers streaming now, by the request id of the car attempt that feeds each: O(1) per chunk. */
public final class TokenStreams {
    private final ConcurrentHashMap<String, AnswerSoFar> open = new ConcurrentHashMap<>();

    void open(String requestId, AnswerSoFar answer) {
        open.put(requestId, answer);
    }

    void close(String requestId) {
        open.remove(requestId);
    }

    /** False when no answer streams under this id any more (it ended or went to another car), or on a gap. */
    public boolean deliver(String requestId, TokenChunk chunk) {
        AnswerSoFar answer = open.get(requestId);
        return answer != null && answer.accept(chunk);
    }
}
