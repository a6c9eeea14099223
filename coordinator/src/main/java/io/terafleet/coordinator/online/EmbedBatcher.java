package io.terafleet.coordinator.online;

import io.terafleet.core.api.OnlineResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Dynamic batching of one model's embedding requests, as inference servers do it: requests that arrive while a
 * batch is open join it, and the batch goes to one car as one request when it holds {@code maxBatch} texts or
 * when its first request has waited {@code maxDelay}, whichever comes first. Each request gets its own slice of
 * the answer, in order. The car's token count is shared out by text length (it counts the batch, not each text).
 * The batch takes its turn in the admission queue as its first request's tenant.
 */
final class EmbedBatcher {
    /** Routes one merged batch of texts. */
    interface Route {
        RouteOutcome embed(String tenant, List<String> texts) throws InterruptedException;
    }

    private record Part(String tenant, List<String> texts, CompletableFuture<RouteOutcome> outcome) {
    }

    private final int maxBatch;
    private final long maxDelayNanos;
    private final Route route;
    private List<Part> open = new ArrayList<>();
    private int openTexts;

    EmbedBatcher(int maxBatch, java.time.Duration maxDelay, Route route) {
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        this.route = route;
    }

    /** Joins (or opens) the current batch and waits for this request's share of its answer. */
    RouteOutcome embed(String tenant, List<String> texts) throws InterruptedException {
        var part = new Part(tenant, List.copyOf(texts), new CompletableFuture<>());
        List<Part> earlier = null;
        List<Part> mine = null;
        boolean first;
        synchronized (this) {
            if (!open.isEmpty() && openTexts + texts.size() > maxBatch) {
                earlier = take(); // this request would overfill it: the open batch goes now, as it is
            }
            open.add(part);
            openTexts += texts.size();
            first = open.size() == 1;
            if (openTexts >= maxBatch) {
                mine = take();
            }
        }
        if (earlier != null) {
            List<Part> batch = earlier;
            Thread.ofVirtual().name("embed-batch").start(() -> dispatch(batch));
        }
        if (mine == null && first) {
            mine = awaitBatch(part);
        }
        if (mine != null) {
            dispatch(mine);
        }
        try {
            return part.outcome().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("batched request failed", e.getCause());
        }
    }

    /** The first request of a batch waits out the delay, then sends the batch unless it went already. */
    private synchronized List<Part> awaitBatch(Part part) throws InterruptedException {
        long deadline = System.nanoTime() + maxDelayNanos;
        long left;
        while (open.contains(part) && (left = deadline - System.nanoTime()) > 0) {
            wait(left / 1_000_000, (int) (left % 1_000_000));
        }
        return open.contains(part) ? take() : null;
    }

    /** The open batch, closed; waiters are told. Called holding the monitor. */
    private List<Part> take() {
        List<Part> batch = open;
        open = new ArrayList<>();
        openTexts = 0;
        notifyAll();
        return batch;
    }

    private void dispatch(List<Part> batch) {
        List<String> texts = new ArrayList<>();
        batch.forEach(part -> texts.addAll(part.texts()));
        RouteOutcome outcome;
        try {
            // The batch waits its turn as its first request's tenant.
            outcome = route.embed(batch.getFirst().tenant(), batch.size() == 1 ? batch.getFirst().texts() : texts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = new RouteOutcome.Unavailable("interrupted while routing a batch", 0);
        } catch (RuntimeException e) {
            batch.forEach(part -> part.outcome().completeExceptionally(e));
            return;
        }
        if (batch.size() == 1 || !(outcome instanceof RouteOutcome.Answered answered)
                || answered.result().embeddings() == null || answered.result().embeddings().size() != texts.size()) {
            RouteOutcome same = outcome;
            batch.forEach(part -> part.outcome().complete(same));
            return;
        }
        split(batch, answered);
    }

    /** Each request's vectors, and its share of the tokens by text length (the shares add up to the total). */
    private static void split(List<Part> batch, RouteOutcome.Answered answered) {
        OnlineResult whole = answered.result();
        int tokens = whole.promptTokens() == null ? 0 : whole.promptTokens();
        long chars = batch.stream().flatMap(p -> p.texts().stream()).mapToLong(String::length).sum();
        int from = 0;
        int tokensLeft = tokens;
        for (int i = 0; i < batch.size(); i++) {
            Part part = batch.get(i);
            int to = from + part.texts().size();
            long partChars = part.texts().stream().mapToLong(String::length).sum();
            int share = i == batch.size() - 1 ? tokensLeft
                    : (int) Math.min(tokensLeft, Math.round((double) tokens * partChars / Math.max(1, chars)));
            tokensLeft -= share;
            var slice = new OnlineResult(List.copyOf(whole.embeddings().subList(from, to)), share, null, null, null,
                    whole.computeNanos());
            part.outcome().complete(new RouteOutcome.Answered(slice, answered.carId(), answered.attempts()));
            from = to;
        }
    }
}
