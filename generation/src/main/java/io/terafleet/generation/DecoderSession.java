package io.terafleet.generation;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A decoder graph in the layout Hugging Face Optimum exports: {@code input_ids}, {@code attention_mask},
 * optional {@code position_ids} and {@code past_key_values.{i}.key/.value} in; {@code logits} and
 * {@code present.{i}.key/.value} out, caches shaped {@code [batch, kv_heads, length, head_dim]}.
 * The layer count and cache shape are read from the graph itself, so a model runs whatever its metadata says.
 */
final class DecoderSession implements AutoCloseable {

    static final OrtEnvironment ENVIRONMENT = OrtNatives.environment();
    private static final Pattern PAST = Pattern.compile("past_key_values\\.(\\d+)\\.(key|value)");

    private final OrtSession session;
    private final int layers;
    private final int kvHeads;
    private final int headDim;
    private final int vocabSize;
    private final boolean hasPositionIds;

    private DecoderSession(OrtSession session, int layers, int kvHeads, int headDim, int vocabSize,
                           boolean hasPositionIds) {
        this.session = session;
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.vocabSize = vocabSize;
        this.hasPositionIds = hasPositionIds;
    }

    static DecoderSession open(Path onnx, int threads, GenerationMetadata meta) throws IOException {
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = ENVIRONMENT.createSession(onnx.toString(), options);
            return describe(onnx, session, meta);
        } catch (OrtException | IOException | RuntimeException e) {
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException ignored) {
                    // the original failure is the one worth reporting
                }
            }
            throw e instanceof IOException io ? io : new IOException(onnx + ": " + e.getMessage(), e);
        }
    }

    private static DecoderSession describe(Path onnx, OrtSession session, GenerationMetadata meta)
            throws OrtException, IOException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        int layers = 0;
        long[] cacheShape = null;
        for (Map.Entry<String, NodeInfo> input : inputs.entrySet()) {
            String name = input.getKey();
            Matcher m = PAST.matcher(name);
            if (m.matches()) {
                layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
                TensorInfo info = (TensorInfo) input.getValue().getInfo();
                if (info.type != OnnxJavaType.FLOAT) {
                    throw new IOException(onnx + ": " + name + " is " + info.type + ", only float32 caches are supported");
                }
                cacheShape = info.getShape();
            } else if (!name.equals("input_ids") && !name.equals("attention_mask") && !name.equals("position_ids")) {
                throw new IOException(onnx + ": unsupported decoder input " + name);
            }
        }
        if (layers == 0 || !inputs.containsKey("input_ids") || !inputs.containsKey("attention_mask")) {
            throw new IOException(onnx + ": not a decoder with a KV cache (needs input_ids, attention_mask,"
                    + " past_key_values.{i}.key/.value)");
        }
        for (int i = 0; i < layers; i++) {
            for (String part : new String[] {"key", "value"}) {
                if (!inputs.containsKey(pastName(i, part)) || !session.getOutputNames().contains(presentName(i, part))) {
                    throw new IOException(onnx + ": layer " + i + " lacks " + pastName(i, part) + " or " + presentName(i, part));
                }
            }
        }
        int kvHeads = staticOr(cacheShape[1], meta.kvHeads(), onnx, "kv heads");
        int headDim = staticOr(cacheShape[3], meta.headDim(), onnx, "head dim");
        TensorInfo logits = (TensorInfo) session.getOutputInfo().get("logits").getInfo();
        int vocab = staticOr(logits.getShape()[2], meta.vocabSize(), onnx, "vocab size");
        return new DecoderSession(session, layers, kvHeads, headDim, vocab, inputs.containsKey("position_ids"));
    }

    /** A dimension fixed in the graph wins; a dynamic one (-1) comes from generation.json. */
    private static int staticOr(long graph, int metadata, Path onnx, String what) throws IOException {
        if (graph > 0) {
            return Math.toIntExact(graph);
        }
        if (metadata > 0) {
            return metadata;
        }
        throw new IOException(onnx + ": " + what + " is dynamic in the graph and missing from generation.json");
    }

    static String pastName(int layer, String part) {
        return "past_key_values." + layer + "." + part;
    }

    static String presentName(int layer, String part) {
        return "present." + layer + "." + part;
    }

    int layers() {
        return layers;
    }

    int kvHeads() {
        return kvHeads;
    }

    int headDim() {
        return headDim;
    }

    int vocabSize() {
        return vocabSize;
    }

    /**
     * One forward pass over {@code newLength} tokens per row after {@code pastLength} cached positions.
     *
     * @param past {@code 2 * layers} arrays (key, value per layer), each {@code [batch, kvHeads, pastLength, headDim]}
     */
    Output run(int batch, int newLength, int pastLength, long[] inputIds, long[] attentionMask, long[] positionIds,
               float[][] past) throws OrtException {
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put("input_ids", longs(inputIds, batch, newLength));
            feed.put("attention_mask", longs(attentionMask, batch, pastLength + newLength));
            if (hasPositionIds) {
                feed.put("position_ids", longs(positionIds, batch, newLength));
            }
            long[] cacheShape = {batch, kvHeads, pastLength, headDim};
            for (int i = 0; i < 2 * layers; i++) {
                feed.put(pastName(i / 2, i % 2 == 0 ? "key" : "value"),
                        OnnxTensor.createTensor(ENVIRONMENT, FloatBuffer.wrap(past[i]), cacheShape));
            }
            try (OrtSession.Result result = session.run(feed)) {
                FloatBuffer logits = floats(result, "logits");
                FloatBuffer[] present = new FloatBuffer[2 * layers];
                for (int i = 0; i < present.length; i++) {
                    present[i] = floats(result, presentName(i / 2, i % 2 == 0 ? "key" : "value"));
                }
                return new Output(logits, present, pastLength + newLength);
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor longs(long[] values, int rows, int columns) throws OrtException {
        return OnnxTensor.createTensor(ENVIRONMENT, LongBuffer.wrap(values), new long[] {rows, columns});
    }

    private static FloatBuffer floats(OrtSession.Result result, String name) {
        OnnxValue value = result.get(name).orElseThrow(() -> new IllegalStateException("graph did not return " + name));
        return ((OnnxTensor) value).getFloatBuffer();
    }

    /**
     * A pass's outputs, copied off the native tensors.
     *
     * @param logits      {@code [batch, newLength, vocab]}
     * @param present     per cache, {@code [batch, kvHeads, totalLength, headDim]}
     * @param totalLength past plus new positions
     */
    record Output(FloatBuffer logits, FloatBuffer[] present, int totalLength) {
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
