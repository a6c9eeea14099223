package io.terafleet.coordinator.http;

import io.terafleet.coordinator.access.Access;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.terafleet.coordinator.generation.AnswerMetering;
import io.terafleet.coordinator.generation.GenerationService;
import io.terafleet.coordinator.generation.TokenStreams;
import io.terafleet.coordinator.models.ModelRegistry;
import io.terafleet.coordinator.online.OnlineRouter;
import io.terafleet.core.api.TokenChunk;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * OpenAI's {@code POST /v1/chat/completions} and {@code POST /v1/completions}, generated on the fleet: each choice
 * is one answer routed to a car holding the model ({@link GenerationService}), streamed back as server-sent events
 * when {@code stream} is true. Also the cars' side: {@code POST /v1/agent/online/{requestId}/tokens}.
 */
final class CompletionRoutes {
    private final ObjectMapper json;
    private final CompletionRequests requests;
    private final GenerationService generation;
    private final OnlineRouter router;
    private final Clock clock;
    private final AnswerMetering metering;

    /** @param metering charges delivered answers; null leaves them uncharged (a coordinator without a ledger) */
    CompletionRoutes(ObjectMapper json, ModelRegistry registry, OnlineRouter router, TokenStreams streams, Clock clock,
                     AnswerMetering metering, GenerationService.SpotCheckVerdicts verdicts) {
        this.json = json;
        this.metering = metering;
        this.requests = new CompletionRequests(registry);
        this.generation = new GenerationService(router, streams, verdicts);
        this.router = router;
        this.clock = clock;
    }

    /** Runs chat and completion batches on the same generation path. */
    io.terafleet.coordinator.batches.GenerationBatches batchRunner() {
        return new GenerationBatchRunner(json, requests, generation, clock, metering);
    }

    void register(Javalin app) {
        app.post("/v1/chat/completions", ctx -> complete(ctx, true), Access.TENANT);
        app.post("/v1/completions", ctx -> complete(ctx, false), Access.TENANT);
        app.post("/v1/agent/online/{requestId}/tokens", this::tokens, Access.CAR);
    }

    /** A car's tokens for a request it serves; 410 when the request no longer waits for this car. */
    private void tokens(Context ctx) {
        TokenChunk chunk = Json.read(json, ctx, TokenChunk.class);
        String requestId = ctx.pathParam("requestId");
        String carId = ctx.attribute(AgentRoutes.CAR_ID);
        if (!router.madeProgress(carId, requestId) || !generation.streams().deliver(carId, requestId, chunk)) {
            throw new ApiProblem(ProblemDetails.of(410, "request-gone", "Request gone",
                    "request " + requestId + " no longer takes tokens from this car"));
        }
        ctx.status(204);
    }

    private void complete(Context ctx, boolean chat) throws Exception {
        CompletionRequests.Parsed request = requests.parse(JsonBodies.object(json, ctx, 4L << 20), chat);
        TenantScope.chargeInputs(ctx, (long) request.promptCount() * request.n());
        String id = (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
        var writer = new CompletionWriter(json, request, id, clock.instant().getEpochSecond());
        SseStream sse = request.stream() ? new SseStream(ctx) : null;
        List<GenerationService.Answer> answers = new ArrayList<>();
        try (ExecutorService choices = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<GenerationService.Outcome>> futures = new ArrayList<>();
            for (int p = 0; p < request.promptCount(); p++) {
                for (int c = 0; c < request.n(); c++) {
                    int index = p * request.n() + c;
                    var task = request.task(p, c);
                    Callable<GenerationService.Outcome> run = () -> generation.generateChecked(request.model(), task,
                            (text, tokens, texts, logprobs) -> {
                                if (sse != null) {
                                    sse.send(writer.delta(index, text, texts, logprobs));
                                }
                            }, sse != null);
                    futures.add(choices.submit(run));
                }
            }
            for (Future<GenerationService.Outcome> future : futures) {
                switch (future.get()) {
                    case GenerationService.Done done -> answers.add(done.answer());
                    case GenerationService.NotDone notDone -> {
                        futures.forEach(f -> f.cancel(true));
                        ApiError error = failure(notDone.failure(), request.model(), sse);
                        if (error != null) {
                            throw error;
                        }
                        return;
                    }
                }
            }
        }
        if (metering != null) {
            String tenant = TenantScope.of(ctx).map(scope -> scope.tenant().id())
                    .orElse(io.terafleet.coordinator.tenants.Tenant.DEFAULT_ID);
            metering.charge(id, tenant, TenantScope.apiKey(ctx), request.model(), answers, request.n());
        }
        if (sse != null) {
            for (int i = 0; i < answers.size(); i++) {
                sse.send(writer.finish(i, answers.get(i).finishReason()));
            }
            if (request.includeUsage()) {
                sse.send(writer.usageChunk(answers));
            }
            sse.done();
            return;
        }
        ObjectNode body = writer.complete(answers);
        Routing.computeHeader(ctx, new io.terafleet.core.api.OnlineResult(null, null, null, null, null,
                answers.stream().mapToLong(GenerationService.Answer::computeNanos).sum()));
        ctx.contentType("application/json").result(json.writeValueAsBytes(body));
    }

    /**
     * No answer: the error a client expects, or, once streaming began, an error event closing the stream (then
     * null: nothing more is written).
     */
    private ApiError failure(GenerationService.Failed failed, String model, SseStream sse) throws IOException {
        ApiError error;
        try {
            Routing.answered(failed.outcome(), model);
            error = new ApiError(502, "server_error", "bad_car_answer", null, "the car answered without text", 1L);
        } catch (ApiError e) {
            error = e;
        }
        if (sse != null && sse.started()) {
            ObjectNode event = json.createObjectNode();
            ObjectNode inner = event.putObject("error");
            inner.put("message", error.getMessage() + " (after " + failed.tokensStreamed() + " tokens)");
            inner.put("type", error.type());
            inner.putNull("param");
            inner.put("code", error.code());
            sse.send(event);
            sse.close();
            return null;
        }
        return error;
    }

    /** OpenAI's {@code logprobs.content}: each token's text, log-probability and UTF-8 bytes. */
    static ArrayNode logprobsContent(ObjectMapper json, List<String> texts, float[] logprobs) {
        ArrayNode content = json.createArrayNode();
        for (int i = 0; i < texts.size(); i++) {
            ObjectNode token = content.addObject();
            token.put("token", texts.get(i));
            token.put("logprob", logprobs[i]);
            ArrayNode bytes = token.putArray("bytes");
            for (byte b : texts.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                bytes.add(b & 0xff);
            }
            token.putArray("top_logprobs");
        }
        return content;
    }
}
