package io.terafleet.generation;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * One sequence's keys and values for every layer, each stored {@code [kvHeads, capacity, headDim]} so
 * a head's positions are contiguous: appending a position writes one vector per head, and laying the
 * cache into a left-padded batch is one copy per head.
 */
final class KvCache {

    private final int heads;
    private final int headDim;
    private final float[][] caches;
    private int capacity;
    private int length;

    KvCache(int layers, int heads, int headDim, int initialCapacity) {
        this.heads = heads;
        this.headDim = headDim;
        this.capacity = Math.max(1, initialCapacity);
        this.caches = new float[2 * layers][heads * capacity * headDim];
    }

    /** Cached positions, which is also the position of the next token fed. */
    int length() {
        return length;
    }

    /** Appends {@code count} positions starting at {@code from} of batch row {@code row} of a pass's present outputs. */
    void append(FloatBuffer[] present, int row, int totalLength, int from, int count) {
        ensureCapacity(length + count);
        for (int c = 0; c < caches.length; c++) {
            for (int h = 0; h < heads; h++) {
                int source = ((row * heads + h) * totalLength + from) * headDim;
                present[c].get(source, caches[c], (h * capacity + length) * headDim, count * headDim);
            }
        }
        length += count;
    }

    /**
     * Writes this cache as row {@code row} of a batch whose past holds {@code pastLength} positions,
     * right-aligned: the first {@code pastLength - length} positions stay zero and are masked out.
     */
    void copyInto(float[][] past, int row, int pastLength) {
        int pad = pastLength - length;
        for (int c = 0; c < caches.length; c++) {
            for (int h = 0; h < heads; h++) {
                System.arraycopy(caches[c], h * capacity * headDim, past[c],
                        ((row * heads + h) * pastLength + pad) * headDim, length * headDim);
            }
        }
    }

    private void ensureCapacity(int needed) {
        if (needed <= capacity) {
            return;
        }
        int grown = Math.max(needed, capacity * 2);
        for (int c = 0; c < caches.length; c++) {
            float[] bigger = new float[heads * grown * headDim];
            for (int h = 0; h < heads; h++) {
                System.arraycopy(caches[c], h * capacity * headDim, bigger, h * grown * headDim, length * headDim);
            }
            caches[c] = bigger;
        }
        capacity = grown;
    }

    @Override
    public String toString() {
        return "KvCache" + Arrays.asList(caches.length / 2, heads, length, headDim);
    }
}
