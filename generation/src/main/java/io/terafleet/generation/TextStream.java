package io.terafleet.generation;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Turns generated tokens into text increments that are safe to show.
 *
 * <p>UTF-8: a byte-level token may end inside a multi-byte character, which decodes to U+FFFD. Like
 * Hugging Face's streaming decoders, each step decodes a short window from an earlier boundary
 * ({@code prefix}) and emits only what it adds beyond the text already read ({@code read}), and waits
 * while the window still ends in U+FFFD. The window also keeps tokenizers that drop a word's leading space
 * at the start of a decode (SentencePiece) from losing it. Cost per token: the window, not the text.
 *
 * <p>Stop sequences: text that could be the start of a stop sequence is held back until it either
 * completes the stop (and is dropped with it) or cannot any more.
 */
final class TextStream {

    private static final char REPLACEMENT = '\uFFFD';

    private final Function<int[], String> decoder;
    private final List<String> stops;
    private final int longestStop;
    private int[] tokens;
    private int size;
    private int prefix;
    private int read;
    private final StringBuilder text = new StringBuilder();
    private int emitted;
    private boolean stopped;

    /**
     * @param context tokens generated before this stream began (a resumed request), so the first
     *                increment decodes in context; none of their text is emitted
     */
    TextStream(Function<int[], String> decoder, List<String> stops, int[] context) {
        this.decoder = decoder;
        this.stops = stops;
        this.longestStop = stops.stream().mapToInt(String::length).max().orElse(0);
        this.tokens = Arrays.copyOf(context, Math.max(16, context.length * 2));
        this.size = context.length;
        this.prefix = 0;
        this.read = context.length;
    }

    /** Adds a token; returns the text now safe to show. {@code last}: no token follows, flush everything. */
    String add(int token, boolean last) {
        if (stopped) {
            throw new IllegalStateException("stream already stopped");
        }
        if (size == tokens.length) {
            tokens = Arrays.copyOf(tokens, size * 2);
        }
        tokens[size++] = token;
        String before = decoder.apply(Arrays.copyOfRange(tokens, prefix, read));
        String now = decoder.apply(Arrays.copyOfRange(tokens, prefix, size));
        int searchFrom = Math.max(0, text.length() - longestStop + 1);
        if (now.length() > before.length() && (last || now.charAt(now.length() - 1) != REPLACEMENT)) {
            text.append(now, before.length(), now.length());
            prefix = read;
            read = size;
        }
        int stopAt = findStop(searchFrom);
        if (stopAt >= 0) {
            text.setLength(stopAt);
            stopped = true;
            return emitUpTo(Math.max(stopAt, emitted));
        }
        return emitUpTo(last ? text.length() : text.length() - heldBack());
    }

    boolean stopped() {
        return stopped;
    }

    /** All text generated so far, cut before a stop sequence. */
    String text() {
        return text.toString();
    }

    private int findStop(int from) {
        int best = -1;
        for (String stop : stops) {
            int at = text.indexOf(stop, from);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /** Length of the longest tail of the text that a stop sequence begins with. */
    private int heldBack() {
        int hold = 0;
        for (String stop : stops) {
            for (int k = Math.min(stop.length() - 1, text.length()); k > hold; k--) {
                if (tailEquals(stop, k)) {
                    hold = k;
                    break;
                }
            }
        }
        return hold;
    }

    private boolean tailEquals(String stop, int k) {
        int start = text.length() - k;
        for (int i = 0; i < k; i++) {
            if (text.charAt(start + i) != stop.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String emitUpTo(int end) {
        if (end <= emitted) {
            return "";
        }
        String out = text.substring(emitted, end);
        emitted = end;
        return out;
    }
}
