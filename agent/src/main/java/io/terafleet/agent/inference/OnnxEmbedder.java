package io.terafleet.agent.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import ai.onnxruntime.TensorInfo;
import io.terafleet.agent.inference.BatchTokenizer.TokenBatch;
import io.terafleet.agent.inference.ModelCache.ModelFiles;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BERT-style sentence encoder on ONNX Runtime: tokenise, run to {@code last_hidden_state}, pool,
 * L2-normalise, the same steps sentence-transformers takes, so vectors match its reference output.
 */
final class OnnxEmbedder implements Embedder {

    private static final Logger log = LoggerFactory.getLogger(OnnxEmbedder.class);

    /** One process-wide ORT environment; sessions are per embedder. */
    private static final OrtEnvironment ENVIRONMENT = io.terafleet.generation.OrtNatives.environment();

    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final Set<String> FEEDABLE_INPUTS = Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);
    private static final String PREFERRED_OUTPUT = "last_hidden_state";

    private final TextModel spec;
    private final Path onnxFile;
    private final OrtSession session;
    private final BatchTokenizer tokenizer;
    private final Set<String> inputNames;
    private final String outputName;

    /**
     * Readers are embed calls, the writer is close: freeing the native session while a run is in
     * flight would crash the JVM rather than throw.
     */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();

    /** The runs in flight, so that {@link #interrupt()} can set their terminate flag; guarded by itself. */
    private final Set<InterruptibleRun> running = new java.util.HashSet<>();
    private boolean closed;

    private OnnxEmbedder(TextModel spec, Path onnxFile, OrtSession session, BatchTokenizer tokenizer,
                         String outputName) {
        this.spec = spec;
        this.onnxFile = onnxFile;
        this.session = session;
        this.tokenizer = tokenizer;
        this.inputNames = Set.copyOf(session.getInputNames());
        this.outputName = outputName;
    }

    /** Creates the session from the extracted file (memory-mapped by ORT, not copied onto the heap). */
    static OnnxEmbedder open(TextModel spec, ModelFiles files, int ortThreads) {
        OrtSession session = createSession(spec, files.onnx(), ortThreads);
        try {
            checkInputs(spec, files.onnx(), session);
            String output = chooseOutput(spec, files.onnx(), session);
            BatchTokenizer tokenizer = loadTokenizer(spec, files.tokenizer());
            return new OnnxEmbedder(spec, files.onnx(), session, tokenizer, output);
        } catch (RuntimeException e) {
            closeSession(spec, session);
            throw e;
        }
    }

    private static OrtSession createSession(TextModel spec, Path onnx, int ortThreads) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(ortThreads);
            // A BERT graph is one chain of ops; parallel branches would gain nothing and cost threads.
            options.setInterOpNumThreads(1);
            options.setExecutionMode(ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OptLevel.ALL_OPT);
            return ENVIRONMENT.createSession(onnx.toString(), options);
        } catch (OrtException e) {
            throw new EmbeddingException("model '" + spec.modelName() + "': ONNX Runtime cannot load "
                    + onnx + " (from " + spec.source() + "): " + e.getMessage(), e);
        }
    }

    private static void checkInputs(TextModel spec, Path onnx, OrtSession session) {
        Set<String> declared = session.getInputNames();
        if (!declared.contains(INPUT_IDS) || !FEEDABLE_INPUTS.containsAll(declared)) {
            throw new EmbeddingException("model '" + spec.modelName() + "': " + onnx + " declares inputs "
                    + declared + "; this engine feeds only " + FEEDABLE_INPUTS + " and needs " + INPUT_IDS);
        }
    }

    /** {@code last_hidden_state} if declared, else the first output; must be [batch, seq, dimensions]. */
    private static String chooseOutput(TextModel spec, Path onnx, OrtSession session) {
        try {
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            String name = outputs.containsKey(PREFERRED_OUTPUT)
                    ? PREFERRED_OUTPUT : outputs.keySet().iterator().next();
            long[] shape = outputs.get(name).getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
            boolean fits = shape.length == 3 && (shape[2] < 0 || shape[2] == spec.dimensions());
            if (!fits) {
                throw new EmbeddingException("model '" + spec.modelName() + "': output '" + name + "' of " + onnx
                        + " has shape " + Arrays.toString(shape) + ", expected [batch, seq, "
                        + spec.dimensions() + "]");
            }
            return name;
        } catch (OrtException e) {
            throw new EmbeddingException("model '" + spec.modelName() + "': cannot read outputs of " + onnx, e);
        }
    }

    private static BatchTokenizer loadTokenizer(TextModel spec, Path tokenizerJson) {
        try {
            return BatchTokenizer.load(tokenizerJson, spec.maxTokens());
        } catch (IOException | RuntimeException e) {
            throw new EmbeddingException("model '" + spec.modelName() + "': cannot load tokenizer " + tokenizerJson
                    + " (from " + spec.source() + "): " + e.getMessage(), e);
        }
    }

    @Override
    public String modelName() {
        return spec.modelName();
    }

    @Override
    public int dimensions() {
        return spec.dimensions();
    }

    @Override
    public float[][] embed(List<String> texts) {
        return embedCounting(texts).vectors();
    }

    @Override
    public Embedded embedCounting(List<String> texts) {
        requireNoNulls(texts);
        if (texts.isEmpty()) {
            return new Embedded(new float[0][], 0);
        }
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new EmbeddingException("model '" + modelName() + "': embedder is closed");
            }
            TokenBatch batch = tokenizer.encode(texts);
            return new Embedded(poolAndNormalise(runModel(batch), batch), tokens(batch), tokensPerText(batch));
        } catch (OrtException e) {
            throw new EmbeddingException("model '" + modelName() + "': inference with " + onnxFile
                    + " failed on a batch of " + texts.size() + " texts: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Tokens the texts took, special tokens included, padding not: what OpenAI reports as prompt tokens. */
    private static int tokens(TokenBatch batch) {
        int tokens = 0;
        for (long mask : batch.attentionMask()) {
            tokens += (int) mask;
        }
        return tokens;
    }

    private static int[] tokensPerText(TokenBatch batch) {
        int[] tokens = new int[batch.size()];
        for (int row = 0; row < batch.size(); row++) {
            for (int i = row * batch.length(); i < (row + 1) * batch.length(); i++) {
                tokens[row] += (int) batch.attentionMask()[i];
            }
        }
        return tokens;
    }

    private static void requireNoNulls(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        // A plain loop: List.of(...).indexOf(null) would itself throw.
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new NullPointerException("texts contains null at index " + i);
            }
        }
    }

    /** Runs the graph and returns the hidden states flattened as {@code [batch, seq, dimensions]}. */
    private float[] runModel(TokenBatch batch) throws OrtException {
        long[] shape = {batch.size(), batch.length()};
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            feedIfDeclared(feeds, INPUT_IDS, batch.inputIds(), shape);
            feedIfDeclared(feeds, ATTENTION_MASK, batch.attentionMask(), shape);
            feedIfDeclared(feeds, TOKEN_TYPE_IDS, batch.tokenTypeIds(), shape);
            try (var interruptible = new InterruptibleRun();
                 OrtSession.Result result = interruptible.run(feeds)) {
                OnnxTensor output = (OnnxTensor) result.get(0);
                long[] outShape = output.getInfo().getShape();
                if (outShape[0] != batch.size() || outShape[1] != batch.length() || outShape[2] != dimensions()) {
                    throw new EmbeddingException("model '" + modelName() + "': output shape "
                            + Arrays.toString(outShape) + " does not match batch " + Arrays.toString(shape));
                }
                float[] hidden = new float[batch.size() * batch.length() * dimensions()];
                output.getFloatBuffer().get(hidden);
                return hidden;
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * One session run whose options stay registered for {@link #interrupt()} while it is in flight. Registering,
     * unregistering and setting the flag hold the same lock, so the flag is never set on options already freed.
     */
    private final class InterruptibleRun implements AutoCloseable {
        private final OrtSession.RunOptions options = new OrtSession.RunOptions();
        private boolean terminated;

        InterruptibleRun() throws OrtException {
        }

        OrtSession.Result run(Map<String, OnnxTensor> feeds) throws OrtException {
            synchronized (running) {
                running.add(this);
            }
            try {
                return session.run(feeds, Set.of(outputName), options);
            } catch (OrtException e) {
                if (unregister()) {
                    throw new InferenceInterruptedException("model '" + modelName() + "': inference interrupted", e);
                }
                throw e;
            } finally {
                unregister();
            }
        }

        void terminate() throws OrtException {
            terminated = true;
            options.setTerminate(true);
        }

        /** @return whether this run was told to terminate */
        private boolean unregister() {
            synchronized (running) {
                running.remove(this);
                return terminated;
            }
        }

        @Override
        public void close() {
            options.close();
        }
    }

    @Override
    public void interrupt() {
        synchronized (running) {
            for (InterruptibleRun run : running) {
                try {
                    run.terminate();
                } catch (OrtException e) {
                    log.warn("model '{}': could not set the terminate flag of a run", modelName(), e);
                }
            }
        }
    }

    private void feedIfDeclared(Map<String, OnnxTensor> feeds, String name, long[] values, long[] shape)
            throws OrtException {
        if (inputNames.contains(name)) {
            feeds.put(name, OnnxTensor.createTensor(ENVIRONMENT, LongBuffer.wrap(values), shape));
        }
    }

    private float[][] poolAndNormalise(float[] hidden, TokenBatch batch) {
        float[][] vectors = new float[batch.size()][dimensions()];
        for (int row = 0; row < batch.size(); row++) {
            spec.pooling().pool(hidden, batch.attentionMask(), row, batch.length(), dimensions(), vectors[row]);
            Vectors.normalize(vectors[row]);
        }
        return vectors;
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            closeSession(spec, session);
            tokenizer.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private static void closeSession(TextModel spec, OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            log.warn("model '{}': closing the ONNX Runtime session failed", spec.modelName(), e);
        }
    }

    @Override
    public String toString() {
        return "OnnxEmbedder[" + modelName() + ", " + onnxFile + "]";
    }
}
