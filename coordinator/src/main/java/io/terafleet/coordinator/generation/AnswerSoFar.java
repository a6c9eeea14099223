package io.terafleet.coordinator.generation;

import io.terafleet.core.api.TokenChunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One answer as it streams in, possibly from several cars in turn: each position is taken once, in order, so the
 * customer sees every token exactly once whichever car computed it. A chunk that starts past the end would leave
 * a gap and is refused; positions already held are skipped.
 */
public final class AnswerSoFar {
    /** Receives the text each newly taken token adds (possibly empty). */
    public interface Listener {
        void onText(String text, int[] tokens, List<String> texts, float[] logprobs);
    }

    private final Listener listener;
    private int[] tokens = new int[64];
    private float[] logprobs = new float[64];
    private final List<String> pieces = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private int size;

    public AnswerSoFar(Listener listener) {
        this.listener = listener;
    }

    /** Takes the chunk's new positions; false if it would leave a gap. */
    public synchronized boolean accept(TokenChunk chunk) {
        if (chunk.from() > size) {
            return false;
        }
        int skip = size - chunk.from();
        int fresh = Math.max(0, chunk.tokens().length - skip);
        StringBuilder added = new StringBuilder();
        int[] newTokens = new int[fresh];
        float[] newLogprobs = new float[fresh];
        List<String> newTexts = new ArrayList<>(fresh);
        for (int i = 0; i < fresh; i++) {
            int k = skip + i;
            append(chunk.tokens()[k], chunk.logprobs()[k], chunk.texts().get(k));
            newTokens[i] = chunk.tokens()[k];
            newLogprobs[i] = chunk.logprobs()[k];
            newTexts.add(chunk.texts().get(k));
            added.append(chunk.texts().get(k));
        }
        // Held-back text of a car that stopped belongs to the tokens it sent, so only at the end of what is held.
        if (chunk.tailText() != null && chunk.from() + chunk.tokens().length == size) {
            added.append(chunk.tailText());
            text.append(chunk.tailText());
            if (!pieces.isEmpty()) {
                pieces.set(pieces.size() - 1, pieces.getLast() + chunk.tailText());
            }
        }
        if (!added.isEmpty() || fresh > 0) {
            listener.onText(added.toString(), newTokens, newTexts, newLogprobs);
        }
        return true;
    }

    private void append(int token, float logprob, String piece) {
        if (size == tokens.length) {
            tokens = Arrays.copyOf(tokens, size * 2);
            logprobs = Arrays.copyOf(logprobs, size * 2);
        }
        tokens[size] = token;
        logprobs[size] = logprob;
        size++;
        pieces.add(piece);
        text.append(piece);
    }

    public synchronized int[] tokens() {
        return Arrays.copyOf(tokens, size);
    }

    public synchronized float[] logprobs() {
        return Arrays.copyOf(logprobs, size);
    }

    /** The text each token added, held-back text joined to the token before it. */
    public synchronized List<String> pieces() {
        return List.copyOf(pieces);
    }

    public synchronized String text() {
        return text.toString();
    }

    public synchronized int size() {
        return size;
    }
}
