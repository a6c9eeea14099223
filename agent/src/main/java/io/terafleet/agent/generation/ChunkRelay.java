package io.terafleet.agent.generation;

import io.terafleet.agent.client.OnlineLink;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.agent.identity.CarSigner;
import io.terafleet.core.api.TokenChunk;
import io.terafleet.core.identity.StreamChain;
import io.terafleet.generation.TokenListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a generation's tokens to the coordinator without slowing the decoder: the decode thread only appends
 * (O(1)); one sender thread posts whatever has gathered since its last post, so a slow link sends fewer,
 * larger chunks instead of holding the engine back. Posts are at least {@link #GATHER_NANOS} apart (the first
 * goes at once): a decoder faster than that costs one frame, one signature and one customer write per interval
 * instead of per token, and one slower than that is not held back at all. Each chunk is signed over the chain of
 * the chunks before it ({@link StreamChain}), so the coordinator can check every chunk before relaying it.
 * {@link #finish} sends the rest, then returns.
 */
final class ChunkRelay implements TokenListener {
    /**
     * Least time between two posts of one stream; well under what a reader of a token stream notices. The system
     * property {@code terafleet.chunk-gather-ms} changes it (0: a post per wake-up, to measure what gathering saves).
     */
    static final long GATHER_NANOS = Long.getLong("terafleet.chunk-gather-ms", 10) * 1_000_000;
    private final OnlineLink client;
    private final CarSigner signer;
    private final StreamChain chain;
    private volatile long lastPost = System.nanoTime() - GATHER_NANOS;
    private final String requestId;
    private final Runnable onGone;
    private final Thread sender;
    private final List<Pending> pending = new ArrayList<>();
    private int sentUpTo;
    private boolean finished;
    private String tail;
    private volatile boolean gone;
    private final StringBuilder streamedText = new StringBuilder();

    private record Pending(int token, String text, float logprob) {
    }

    /**
     * @param from   the answer position of the first token this car generates (the tokens resumed before it)
     * @param onGone called once when the coordinator says the request no longer waits for this car
     */
    ChunkRelay(OnlineLink client, CarSigner signer, String requestId, String model, int from, Runnable onGone) {
        this.client = client;
        this.signer = signer;
        this.chain = StreamChain.start(requestId, model);
        this.requestId = requestId;
        this.sentUpTo = from;
        this.onGone = onGone;
        this.sender = Thread.ofVirtual().name("tokens-" + requestId).start(this::send);
    }

    @Override
    public void onToken(int tokenId, String text, float logprob) {
        synchronized (pending) {
            pending.add(new Pending(tokenId, text, logprob));
            streamedText.append(text);
            if (pending.size() == 1) { // only a sender waiting for a first token needs waking: no hand-off per token
                pending.notifyAll();
            }
        }
    }

    /** Text to show before this car's first token (held back by the car before), sent first; null for none. */
    void head(String text) {
        if (text != null && !text.isEmpty() && !post(List.of(), text)) {
            gone = true;
        }
    }

    /** Whether the coordinator gave up on this car for the request. */
    boolean gone() {
        return gone;
    }

    /**
     * Sends what is left, with {@code fullText} (the generation's whole text) telling which held-back text no
     * token carried; returns when all is sent or the request is gone.
     */
    void finish(String fullText) throws InterruptedException {
        synchronized (pending) {
            String streamed = streamedText.toString();
            tail = fullText != null && fullText.length() > streamed.length() && fullText.startsWith(streamed)
                    ? fullText.substring(streamed.length()) : null;
            finished = true;
            pending.notifyAll();
        }
        sender.join();
    }

    private void send() {
        while (true) {
            List<Pending> batch;
            String tailText;
            boolean last;
            synchronized (pending) {
                try {
                    while (pending.isEmpty() && !finished) {
                        pending.wait();
                    }
                    gather();
                } catch (InterruptedException e) {
                    return;
                }
                batch = new ArrayList<>(pending);
                pending.clear();
                last = finished;
                tailText = last ? tail : null;
            }
            if (!gone && (!batch.isEmpty() || tailText != null) && !post(batch, tailText)) {
                gone = true;
                onGone.run();
            }
            if (last) {
                return;
            }
        }
    }

    /** Holds the next post until {@link #GATHER_NANOS} after the last one, unless the generation has ended. */
    private void gather() throws InterruptedException {
        long left;
        while (!finished && (left = lastPost + GATHER_NANOS - System.nanoTime()) > 0) {
            pending.wait(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private synchronized boolean post(List<Pending> batch, String tailText) {
        lastPost = System.nanoTime();
        int[] tokens = new int[batch.size()];
        float[] logprobs = new float[batch.size()];
        List<String> texts = new ArrayList<>(batch.size());
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = batch.get(i).token();
            logprobs[i] = batch.get(i).logprob();
            texts.add(batch.get(i).text());
        }
        try {
            TokenChunk chunk = signer.sign(chain, new TokenChunk(sentUpTo, tokens, texts, logprobs, tailText));
            boolean delivered = client.onlineTokens(requestId, chunk);
            sentUpTo += tokens.length;
            return delivered;
        } catch (CoordinatorException e) {
            return false; // unreachable: the coordinator resumes the answer elsewhere
        }
    }
}
