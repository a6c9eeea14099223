package io.terafleet.coordinator.jobs;

import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeasedUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Inputs and embeddings whose values follow from their index, so tests can check them exactly. */
public final class JobFixtures {
    public static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    public static final String MODEL = "all-minilm-l6-v2";

    private JobFixtures() {
    }

    public static List<NewInput> inputs(int count) {
        return IntStream.range(0, count).mapToObj(i -> new NewInput("id-" + i, "text number " + i)).toList();
    }

    /** Awkward float32 values (subnormal, negative zero, huge, inexact decimals) that must round-trip bit for bit. */
    public static float[] embedding(int index) {
        return new float[] {index, -index, index / 3f, Float.MIN_VALUE, -0f, 1e-38f, index * 1e30f, 0.1f * index};
    }

    /** An embedding for every input the unit was leased with. */
    public static List<InputResult> resultsFor(LeasedUnit unit) {
        List<InputResult> results = new ArrayList<>();
        unit.inputs().forEach(input -> results.add(new InputResult(input.index(), embedding(input.index()))));
        return results;
    }

    /** The bit patterns of an embedding: equal arrays mean an exact round trip (NaN and -0 included). */
    public static int[] bits(float[] embedding) {
        int[] bits = new int[embedding.length];
        for (int i = 0; i < embedding.length; i++) {
            bits[i] = Float.floatToRawIntBits(embedding[i]);
        }
        return bits;
    }
}
