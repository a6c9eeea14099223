package io.terafleet.generation;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Autoregressive text generation on ONNX Runtime with a KV cache and continuous batching.
 *
 * <p>One decode thread owns the model's sequences. Each step it admits waiting requests (running each
 * new prompt once to fill its cache and draw its first token), then feeds every active sequence's last
 * token as one batch: caches of different lengths are right-aligned in a shared past tensor whose
 * left padding the attention mask hides, and every row carries its own position ids. A sequence that
 * finishes leaves before the next step and a new one takes its place; nobody waits for the longest
 * answer of a static batch.
 */
public final class GenerationEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GenerationEngine.class);
    private static final long IDLE_POLL_MILLIS = 50;

    static {
        // Same as the embedding engine: no telemetry and no native downloads from the tokenizer library.
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("ai.djl.offline", "true");
    }

    private final DecoderSession model;
    private final HuggingFaceTokenizer tokenizer;
    private final ChatTemplate template;
    private final ModelInfo info;
    private final Set<Integer> eos;
    private final EngineOptions options;
    private final LinkedBlockingQueue<Sequence> waiting = new LinkedBlockingQueue<>();
    private final List<Sequence> active = new ArrayList<>();
    /** Readers are forward passes, the writer is close: freeing a session mid-run would crash the JVM. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final Thread decodeThread;
    private volatile boolean closed;

    private GenerationEngine(DecoderSession model, HuggingFaceTokenizer tokenizer, GenerationMetadata meta,
                             EngineOptions options) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.template = meta.template();
        this.info = new ModelInfo(meta.name(), meta.contextLength(), model.vocabSize(), model.layers(),
                model.kvHeads(), model.headDim(), meta.eosTokenIds());
        this.eos = Set.copyOf(meta.eosTokenIds());
        this.options = options;
        this.decodeThread = Thread.ofPlatform().daemon().name("generation-" + meta.name()).unstarted(this::decodeLoop);
    }

    /**
     * Opens the model in {@code modelDir}: {@code model.onnx}, {@code tokenizer.json}, {@code generation.json}.
     *
     * @throws IOException if a file is missing or the graph is not a decoder in the expected layout
     */
    public static GenerationEngine open(Path modelDir, EngineOptions options) throws IOException {
        GenerationMetadata meta = GenerationMetadata.read(modelDir.resolve("generation.json"));
        DecoderSession model = DecoderSession.open(modelDir.resolve("model.onnx"), options.threads(), meta);
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(modelDir.resolve("tokenizer.json"),
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException | RuntimeException e) {
            closeQuietly(model);
            throw e instanceof IOException io ? io : new IOException(modelDir + "/tokenizer.json: " + e.getMessage(), e);
        }
        GenerationEngine engine = new GenerationEngine(model, tokenizer, meta, options);
        engine.decodeThread.start();
        return engine;
    }

    public ModelInfo info() {
        return info;
    }

    /** Token ids of {@code text}, no special tokens added (a chat template writes its own). */
    public int[] encode(String text) {
        return Arrays.stream(tokenizer.encode(text, false, false).getIds()).mapToInt(Math::toIntExact).toArray();
    }

    /** Text of {@code tokens}, special tokens skipped. */
    public String decode(int[] tokens) {
        return tokenizer.decode(Arrays.stream(tokens).asLongStream().toArray(), true);
    }

    /** The prompt text for a conversation, by the model's chat template, ending where the answer begins. */
    public String applyChatTemplate(List<ChatMessage> messages) {
        return template.apply(messages);
    }

    /**
     * Queues a generation; it joins the running batch at the next step.
     *
     * @throws IllegalArgumentException if the prompt holds a token outside the vocabulary or does not fit
     *                                  the context
     * @throws IllegalStateException    if the engine is closed
     */
    public GenerationHandle submit(GenerationRequest request, TokenListener listener) {
        validate(request.promptTokens(), "promptTokens");
        int[] prompt = request.promptTokens();
        int[] context = Arrays.copyOfRange(prompt, prompt.length - Math.min(request.alreadyGenerated(), 8), prompt.length);
        Sequence sequence = new Sequence(request, listener == null ? TokenListener.NONE : listener,
                new TextStream(this::decode, request.stop(), context));
        if (closed) {
            throw new IllegalStateException("engine " + info.name() + " is closed");
        }
        waiting.add(sequence);
        return sequence;
    }

    /**
     * Teacher-forced log-probability of each completion token after the prompt, in one forward pass: what
     * the model gives the tokens a car reported, for spot checks.
     */
    public float[] score(int[] promptTokens, int[] completionTokens) {
        validate(promptTokens, "promptTokens");
        int[] all = Arrays.copyOf(promptTokens, promptTokens.length + completionTokens.length);
        System.arraycopy(completionTokens, 0, all, promptTokens.length, completionTokens.length);
        validate(all, "completionTokens");
        if (completionTokens.length == 0) {
            return new float[0];
        }
        DecoderSession.Output out = forward(all);
        int vocab = model.vocabSize();
        float[] row = new float[vocab];
        float[] scores = new float[completionTokens.length];
        for (int j = 0; j < completionTokens.length; j++) {
            out.logits().get((promptTokens.length - 1 + j) * vocab, row, 0, vocab);
            scores[j] = Sampler.logprob(row, completionTokens[j]);
        }
        return scores;
    }

    /**
     * A check of another car's answer in one teacher-forced pass: per position, the token this engine's sampler
     * chooses there with the request's settings (the seeded draw for that position, the argmax when greedy) and
     * the log-probability of the answered token.
     *
     * @param nearTie where the chosen token's log-probability is within this many nats of the answered token's, the
     *                two were tied up to floating point and the answered token counts as chosen
     */
    public Check check(int[] promptTokens, int[] answerTokens, double temperature, double topP, long seed,
                       double nearTie) {
        validate(promptTokens, "promptTokens");
        int[] all = Arrays.copyOf(promptTokens, promptTokens.length + answerTokens.length);
        System.arraycopy(answerTokens, 0, all, promptTokens.length, answerTokens.length);
        validate(all, "answerTokens");
        int[] chosen = new int[answerTokens.length];
        float[] logprobs = new float[answerTokens.length];
        if (answerTokens.length == 0) {
            return new Check(chosen, logprobs);
        }
        DecoderSession.Output out = forward(all);
        int vocab = model.vocabSize();
        float[] row = new float[vocab];
        for (int j = 0; j < answerTokens.length; j++) {
            out.logits().get((promptTokens.length - 1 + j) * vocab, row, 0, vocab);
            logprobs[j] = Sampler.logprob(row, answerTokens[j]);
            Sampler.Choice choice = Sampler.choose(row, temperature, topP, seed, j);
            boolean tied = Math.abs(choice.logprob() - logprobs[j]) <= nearTie;
            chosen[j] = tied ? answerTokens[j] : choice.token();
        }
        return new Check(chosen, logprobs);
    }

    /** What a teacher-forced check found: the token chosen at each position, the answered token's log-probability. */
    public record Check(int[] chosen, float[] logprobs) {
    }

    /** Logits for the token after {@code tokens}, recomputed from scratch with no cache. */
    float[] logitsAfter(int[] tokens) {
        validate(tokens, "tokens");
        float[] row = new float[model.vocabSize()];
        forward(tokens).logits().get((tokens.length - 1) * row.length, row, 0, row.length);
        return row;
    }

    private void validate(int[] tokens, String field) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException(field + " must hold at least one token");
        }
        if (tokens.length > info.contextLength()) {
            throw new IllegalArgumentException(field + ": " + tokens.length + " tokens exceed the context of "
                    + info.contextLength() + " of model " + info.name());
        }
        for (int t : tokens) {
            if (t < 0 || t >= model.vocabSize()) {
                throw new IllegalArgumentException(field + ": token " + t + " is outside the vocabulary of "
                        + model.vocabSize());
            }
        }
    }

    /** A full pass over one sequence with an empty cache. */
    private DecoderSession.Output forward(int[] tokens) {
        int n = tokens.length;
        long[] ids = new long[n];
        long[] positions = new long[n];
        long[] mask = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = tokens[i];
            positions[i] = i;
            mask[i] = 1;
        }
        float[][] past = new float[2 * model.layers()][0];
        return run(1, n, 0, ids, mask, positions, past);
    }

    private DecoderSession.Output run(int batch, int newLength, int pastLength, long[] ids, long[] mask,
                                      long[] positions, float[][] past) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("engine " + info.name() + " is closed");
            }
            return model.run(batch, newLength, pastLength, ids, mask, positions, past);
        } catch (OrtException e) {
            throw new GenerationFailedException("forward pass failed on " + info.name() + ": " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void decodeLoop() {
        try {
            while (!closed) {
                admit();
                if (!active.isEmpty()) {
                    step();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            log.error("decode loop of {} stopped", info.name(), e);
            active.forEach(s -> s.fail(e));
            active.clear();
            waiting.forEach(s -> s.fail(e));
            waiting.clear();
            throw e;
        }
        active.forEach(s -> s.finish(FinishReason.CANCELLED));
        active.clear();
        waiting.forEach(s -> s.finish(FinishReason.CANCELLED));
        waiting.clear();
    }

    /** Drops cancelled sequences and brings waiting ones in, up to the batch limit. Blocks while idle. */
    private void admit() throws InterruptedException {
        active.removeIf(s -> {
            if (s.cancelRequested()) {
                s.finish(FinishReason.CANCELLED);
            }
            return s.done();
        });
        if (active.isEmpty()) {
            Sequence first = waiting.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (first != null) {
                prefill(first);
            }
        }
        while (active.size() < options.maxBatchSize()) {
            Sequence next = waiting.poll();
            if (next == null) {
                break;
            }
            prefill(next);
        }
    }

    /** Runs the prompt once, keeps its cache, and draws the first token. */
    private void prefill(Sequence s) {
        GenerationRequest r = s.request();
        if (s.cancelRequested()) {
            s.finish(FinishReason.CANCELLED);
            return;
        }
        if (r.remainingTokens() == 0) {
            s.finish(FinishReason.LENGTH);
            return;
        }
        try {
            int[] prompt = r.promptTokens();
            DecoderSession.Output out = forward(prompt);
            KvCache cache = new KvCache(model.layers(), model.kvHeads(), model.headDim(),
                    Math.min(info.contextLength(), prompt.length + r.remainingTokens()));
            cache.append(out.present(), 0, out.totalLength(), 0, prompt.length);
            s.startWith(cache);
            float[] row = new float[model.vocabSize()];
            out.logits().get((prompt.length - 1) * row.length, row, 0, row.length);
            s.accept(Sampler.choose(row, r.temperature(), r.topP(), r.seed(), s.outputPosition()), eos,
                    info.contextLength());
            if (!s.done()) {
                active.add(s);
            }
        } catch (RuntimeException e) {
            endAfterFailure(s, e);
        }
    }

    /** A pass refused because the engine is closing cancels the sequence; any other failure fails it. */
    private void endAfterFailure(Sequence s, RuntimeException e) {
        if (closed) {
            s.finish(FinishReason.CANCELLED);
        } else {
            s.fail(e);
        }
    }

    /** Feeds every active sequence's pending token as one batch and draws each one's next token. */
    private void step() {
        int batch = active.size();
        int pastLength = 0;
        for (Sequence s : active) {
            pastLength = Math.max(pastLength, s.cache().length());
        }
        long[] ids = new long[batch];
        long[] positions = new long[batch];
        long[] mask = new long[batch * (pastLength + 1)];
        int cacheSize = model.kvHeads() * pastLength * model.headDim();
        float[][] past = new float[2 * model.layers()][batch * cacheSize];
        for (int row = 0; row < batch; row++) {
            Sequence s = active.get(row);
            KvCache cache = s.cache();
            ids[row] = s.pendingToken();
            positions[row] = cache.length();
            Arrays.fill(mask, row * (pastLength + 1) + pastLength - cache.length(), (row + 1) * (pastLength + 1), 1L);
            cache.copyInto(past, row, pastLength);
        }
        DecoderSession.Output out;
        try {
            out = run(batch, 1, pastLength, ids, mask, positions, past);
        } catch (RuntimeException e) {
            active.forEach(s -> endAfterFailure(s, e));
            active.clear();
            return;
        }
        FloatBuffer logits = out.logits();
        float[] row = new float[model.vocabSize()];
        for (int r = 0; r < batch; r++) {
            Sequence s = active.get(r);
            s.cache().append(out.present(), r, out.totalLength(), pastLength, 1);
            logits.get(r * row.length, row, 0, row.length);
            GenerationRequest q = s.request();
            try {
                s.accept(Sampler.choose(row, q.temperature(), q.topP(), q.seed(), s.outputPosition()), eos,
                        info.contextLength());
            } catch (RuntimeException e) {
                s.fail(e);
            }
        }
        active.removeIf(Sequence::done);
    }

    /** Sequences being decoded now (for metrics; read racily). */
    public int activeSequences() {
        return active.size();
    }

    /** Cancels everything in flight, stops the decode thread and frees the model. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            decodeThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A submission racing with close may have queued after the loop's last drain.
        waiting.forEach(s -> s.finish(FinishReason.CANCELLED));
        waiting.clear();
        lifecycle.writeLock().lock();
        try {
            closeQuietly(model);
            tokenizer.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private static void closeQuietly(DecoderSession model) {
        try {
            model.close();
        } catch (OrtException e) {
            log.warn("closing the generation session failed", e);
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
