package io.terafleet.agent.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.core.api.OnlineFrame;
import io.terafleet.core.api.OnlinePoll;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import io.terafleet.core.api.TokenChunk;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online requests over one WebSocket kept open to the coordinator ({@code /v1/agent/online/channel}): a poll is a
 * ready frame and a wait for the task the coordinator pushes; answers and tokens are frames. Falls back to the
 * HTTP long-poll of {@link CoordinatorClient} while the channel cannot be opened (a coordinator without it, say),
 * and tries the channel again after {@link #RETRY_AFTER}.
 */
public final class OnlineChannel implements OnlineLink, AutoCloseable {
    static final String PATH = "v1/agent/online/channel";
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Requests the coordinator said no longer wait for this car, kept at most this many. */
    private static final int MAX_GONE = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(OnlineChannel.class);
    /** Wakes a waiting poll when the channel closes. */
    private static final OnlineTask CLOSED = new OnlineTask("", "", "", null, null, null);

    private final CoordinatorClient http;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final LinkedBlockingQueue<OnlineTask> tasks = new LinkedBlockingQueue<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private final Object sending = new Object();
    private volatile WebSocket socket;
    private volatile Instant retryAt = Instant.MIN;
    private volatile boolean closed;
    /** What a policy frame does: the car reports at once (off the socket's thread). */
    private volatile Runnable policySaved = () -> { };

    public OnlineChannel(CoordinatorClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** Called when the coordinator says the owner saved a newer policy; it must not block. */
    public void onPolicySaved(Runnable action) {
        this.policySaved = action;
    }

    /** Whether the channel is open now (else polls go over HTTP). */
    public boolean isOpen() {
        WebSocket ws = socket;
        return ws != null && !ws.isOutputClosed() && !ws.isInputClosed();
    }

    @Override
    public OnlineTask onlinePoll(OnlinePoll poll) {
        WebSocket ws = connected();
        if (ws == null) {
            return http.onlinePoll(poll);
        }
        // Each poll offers the car afresh (the coordinator replaces an earlier offer): an offer it dropped,
        // while the car counted as silent, say, comes back by itself.
        if (!send(ws, OnlineFrame.ready(poll.models()))) {
            return http.onlinePoll(poll);
        }
        try {
            OnlineTask task = tasks.poll(poll.waitMillis(), TimeUnit.MILLISECONDS);
            return task == null || task == CLOSED ? null : task;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinatorException("online poll interrupted", 0, false, e);
        }
    }

    @Override
    public boolean onlineTokens(String requestId, TokenChunk chunk) {
        if (gone.contains(requestId)) {
            return false;
        }
        WebSocket ws = socket;
        return ws != null && send(ws, OnlineFrame.tokens(requestId, chunk)) ? true : http.onlineTokens(requestId, chunk);
    }

    @Override
    public boolean onlineAnswer(String requestId, OnlineResult result) {
        if (gone.remove(requestId)) {
            return false;
        }
        WebSocket ws = socket;
        return ws != null && send(ws, OnlineFrame.result(requestId, result)) || http.onlineAnswer(requestId, result);
    }

    private boolean send(WebSocket ws, OnlineFrame frame) {
        try {
            String text = json.writeValueAsString(frame);
            synchronized (sending) { // one outstanding send per WebSocket
                ws.sendText(text, true).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debug("online channel: send failed: {}", e.toString());
            drop(ws);
            return false;
        }
    }

    /** The open channel, opening it if it is not and the last failure is old enough; null: use HTTP. */
    private synchronized WebSocket connected() {
        if (isOpen()) {
            return socket;
        }
        socket = null;
        if (closed || clock.instant().isBefore(retryAt)) {
            return null;
        }
        URI base = http.base();
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws")).resolve(PATH);
        try {
            var builder = http.http().newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
            if (http.credential() != null) {
                builder.header("Authorization", "Bearer " + http.credential());
            }
            tasks.clear();
            socket = builder.buildAsync(uri, new Listener()).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return socket;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.info("online channel to {} not open ({}); polling over HTTP", uri, e.getCause() != null
                    ? e.getCause().toString() : e.toString());
            retryAt = clock.instant().plus(RETRY_AFTER);
            return null;
        }
    }

    private void drop(WebSocket ws) {
        ws.abort();
        if (socket == ws) {
            socket = null;
        }
        tasks.offer(CLOSED);
    }

    @Override
    public void close() {
        closed = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "car stops").orTimeout(1, TimeUnit.SECONDS)
                    .whenComplete((w, e) -> ws.abort());
        }
        tasks.offer(CLOSED);
    }

    /**
     * Frames from the coordinator: tasks go to the waiting poll, "gone" to the requests' next send, "policy" to
     * the car's reporter.
     */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                received(ws, text);
            }
            ws.request(1);
            return null;
        }

        private void received(WebSocket ws, String text) {
            try {
                OnlineFrame frame = json.readValue(text, OnlineFrame.class);
                if (OnlineFrame.TASK.equals(frame.type()) && frame.task() != null) {
                    tasks.offer(frame.task());
                } else if (OnlineFrame.GONE.equals(frame.type()) && frame.requestId() != null) {
                    if (gone.size() >= MAX_GONE) {
                        gone.clear();
                    }
                    gone.add(frame.requestId());
                } else if (OnlineFrame.POLICY.equals(frame.type())) {
                    policySaved.run();
                }
            } catch (IOException e) {
                LOG.warn("online channel: unreadable frame dropped: {}", e.getMessage());
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            LOG.debug("online channel closed: {} {}", status, reason);
            drop(ws);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            LOG.debug("online channel failed: {}", error.toString());
            drop(ws);
        }
    }
}
