package io.terafleet.agent.client;

import io.terafleet.core.api.OnlinePoll;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import io.terafleet.core.api.TokenChunk;

/**
 * How a car takes online requests and answers them: a long-poll per request over HTTP ({@link CoordinatorClient}),
 * or one WebSocket kept open ({@link OnlineChannel}).
 */
public interface OnlineLink {
    /** Waits up to {@code poll.waitMillis()} for an online request; null when none came. */
    OnlineTask onlinePoll(OnlinePoll poll);

    /** Streams generated tokens; false when the request no longer waits for this car (it went elsewhere). */
    boolean onlineTokens(String requestId, TokenChunk chunk);

    /** @return false when the request no longer waits for this car (it timed out and went elsewhere) */
    boolean onlineAnswer(String requestId, OnlineResult result);
}
