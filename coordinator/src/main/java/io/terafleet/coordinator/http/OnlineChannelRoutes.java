package io.terafleet.coordinator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import io.terafleet.coordinator.access.Access;
import io.terafleet.coordinator.online.OnlineRouter;
import io.terafleet.coordinator.service.CarService;
import io.terafleet.core.api.OnlineFrame;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import io.terafleet.core.api.TokenChunk;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The car's online channel, {@code /v1/agent/online/channel}: one WebSocket per car, kept open, over which the car
 * offers itself for a request (a ready frame, as a poll), the coordinator pushes the request it is handed and the
 * car streams tokens and answers. Same routing as the long-poll ({@link OnlineAgentRoutes}), without an HTTP
 * exchange, a credential check and a new poll per request. A channel that closes fails what it was handed as
 * retryable, so those requests go to another car at once instead of at their deadline.
 */
final class OnlineChannelRoutes {
    static final String PATH = "/v1/agent/online/channel";
    /** A car re-offers itself at least every poll wait (≤ 60 s); a channel silent for this long is dead. */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(3);
    private static final Logger LOG = LoggerFactory.getLogger(OnlineChannelRoutes.class);

    private final ObjectMapper json;
    private final OnlineRouter router;
    private final CarService cars;
    private final ChunkTaker tokens;
    private final ConcurrentHashMap<String, CarLink> links = new ConcurrentHashMap<>();
    private io.terafleet.coordinator.policy.PolicyPush policies = new io.terafleet.coordinator.policy.PolicyPush();

    private final io.terafleet.coordinator.online.SignedAnswers signed;

    /** Takes a car's streamed chunk of a generation; false when nobody waits for it any more or it was refused. */
    @FunctionalInterface
    interface ChunkTaker {
        boolean take(String carId, String requestId, TokenChunk chunk);
    }

    /** @param tokens takes a streamed chunk of a generation (checked against the car's key) */
    OnlineChannelRoutes(ObjectMapper json, OnlineRouter router, CarService cars, ChunkTaker tokens,
                        io.terafleet.coordinator.online.SignedAnswers signed) {
        this.signed = signed;
        this.json = json;
        this.router = router;
        this.cars = cars;
        this.tokens = tokens;
    }

    /** Where the cars with a channel here are listed, to be rung when their owner saves a policy. */
    OnlineChannelRoutes ringPoliciesWith(io.terafleet.coordinator.policy.PolicyPush push) {
        this.policies = push;
        return this;
    }

    void register(Javalin app) {
        app.ws(PATH, ws -> {
            ws.onConnect(this::connected);
            ws.onMessage(this::message);
            ws.onClose(ctx -> closed(ctx.sessionId()));
            ws.onError(ctx -> closed(ctx.sessionId()));
        }, Access.CAR);
    }

    /** One car's open channel: the offer it has out, the requests it was handed and not yet answered. */
    private final class CarLink {
        final String carId;
        final WsContext ctx;
        final Set<String> handed = ConcurrentHashMap.newKeySet();
        volatile OnlineRouter.Offer offer;

        CarLink(String carId, WsContext ctx) {
            this.carId = carId;
            this.ctx = ctx;
        }

        /** Sends one frame; WebSocket writes of one session must not overlap. False when the channel is gone. */
        synchronized boolean send(OnlineFrame frame) {
            try {
                ctx.session.getRemote().sendString(json.writeValueAsString(frame));
                return true;
            } catch (java.io.IOException | RuntimeException e) {
                LOG.debug("channel of car {}: send failed: {}", carId, e.toString());
                return false;
            }
        }
    }

    private void connected(WsContext ctx) {
        String carId = ctx.attribute(AgentRoutes.CAR_ID);
        if (carId == null) { // the gate admitted the upgrade; its attributes may not outlive it
            String header = ctx.header("Authorization");
            carId = header != null && header.startsWith("Bearer ")
                    ? cars.authenticate(header.substring(7).trim()).orElse(null) : null;
        }
        if (carId == null) {
            ctx.closeSession(StatusCode.POLICY_VIOLATION, "a car credential is needed");
            return;
        }
        ctx.session.setIdleTimeout(IDLE_TIMEOUT);
        CarLink link = new CarLink(carId, ctx);
        links.put(ctx.sessionId(), link);
        policies.attach(carId, ctx.sessionId(), () -> link.send(OnlineFrame.policy()));
    }

    private void message(WsMessageContext ctx) {
        CarLink link = links.get(ctx.sessionId());
        if (link == null) {
            return;
        }
        OnlineFrame frame;
        try {
            frame = json.readValue(ctx.message(), OnlineFrame.class);
        } catch (JsonProcessingException e) {
            ctx.closeSession(StatusCode.BAD_DATA, "unreadable frame: " + e.getOriginalMessage());
            return;
        }
        switch (frame.type() == null ? "" : frame.type()) {
            case OnlineFrame.READY -> ready(link, frame);
            case OnlineFrame.RESULT -> answered(link, frame.requestId(), frame.result());
            case OnlineFrame.TOKENS -> streamed(link, frame.requestId(), frame.chunk());
            default -> ctx.closeSession(StatusCode.BAD_DATA, "unknown frame type: " + frame.type());
        }
    }

    /** The car is free for one request: its earlier offer (if still out) is replaced by this one. */
    private void ready(CarLink link, OnlineFrame frame) {
        OnlineRouter.Offer earlier = link.offer;
        if (earlier != null) {
            router.withdraw(earlier);
        }
        if (frame.models() == null || frame.models().isEmpty()) {
            link.offer = null;
            return;
        }
        OnlineRouter.Offer offer = router.offer(link.carId, frame.models()).orElse(null);
        link.offer = offer;
        if (offer != null) {
            offer.task().thenAccept(task -> push(link, task)); // on the thread that handed it over: no hand-off
        }
    }

    private void push(CarLink link, OnlineTask task) {
        link.handed.add(task.requestId());
        if (!link.send(OnlineFrame.task(task))) {
            link.handed.remove(task.requestId());
            router.answer(link.carId, task.requestId(), OnlineResult.failed("the car's channel closed", true));
        }
    }

    private void answered(CarLink link, String requestId, OnlineResult result) {
        link.handed.remove(requestId);
        // Delivered only when signed with the car's key; a refused answer sends the request on to another car.
        if (requestId == null || !signed.deliver(link.carId, requestId, result).delivered()) {
            link.send(OnlineFrame.gone(requestId));
        }
    }

    private void streamed(CarLink link, String requestId, TokenChunk chunk) {
        if (requestId == null || chunk == null || !router.madeProgress(link.carId, requestId)
                || !tokens.take(link.carId, requestId, chunk)) {
            link.send(OnlineFrame.gone(requestId));
        }
    }

    /** The channel is gone: its offer is withdrawn and what it was handed goes to another car now. */
    private void closed(String sessionId) {
        CarLink link = links.remove(sessionId);
        if (link == null) {
            return;
        }
        policies.detach(link.carId, sessionId);
        OnlineRouter.Offer offer = link.offer;
        if (offer != null) {
            router.withdraw(offer);
        }
        for (String requestId : link.handed) {
            router.answer(link.carId, requestId, OnlineResult.failed("the car's channel closed", true));
        }
    }

    /**
     * Ends every channel the car holds here, as when it closes one itself (its offer withdrawn, requests it was
     * handed sent to another car): called on every coordinator when the car's credential is revoked, so a revoked
     * car is handed nothing more over a connection it opened before.
     */
    void disconnect(String carId) {
        for (CarLink link : links.values()) {
            if (link.carId.equals(carId)) {
                closed(link.ctx.sessionId());
                try {
                    link.ctx.closeSession(StatusCode.POLICY_VIOLATION, "the car's credential was revoked");
                } catch (RuntimeException e) {
                    LOG.debug("channel of car {}: close failed: {}", carId, e.toString());
                }
            }
        }
    }

    /** Channels open now. */
    int open() {
        return links.size();
    }
}
