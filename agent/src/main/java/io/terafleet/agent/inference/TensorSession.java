package io.terafleet.agent.inference;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.terafleet.core.api.TensorData;
import io.terafleet.core.api.TensorTypes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A model run on raw tensors (KServe v2 {@code infer}): named tensors in, named tensors out, no tokenizer and
 * no pooling. Tensors travel as little-endian bytes ({@link TensorData}); ONNX Runtime reads them in place.
 */
public final class TensorSession implements AutoCloseable {
    private static final OrtEnvironment ENVIRONMENT = io.terafleet.generation.OrtNatives.environment();

    private final String modelName;
    private final OrtSession session;
    private final Set<String> outputNames;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private TensorSession(String modelName, OrtSession session) {
        this.modelName = modelName;
        this.session = session;
        this.outputNames = new LinkedHashSet<>(session.getOutputNames());
    }

    /** Opens the graph; the caller has checked that its bytes are the registered ones. */
    public static TensorSession open(String modelName, Path onnx, int ortThreads) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(ortThreads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return new TensorSession(modelName, ENVIRONMENT.createSession(onnx.toString(), options));
        } catch (OrtException e) {
            throw new EmbeddingException("model '" + modelName + "': ONNX Runtime cannot load " + onnx + ": "
                    + e.getMessage(), e);
        }
    }

    public String modelName() {
        return modelName;
    }

    /**
     * Runs the graph.
     *
     * @param wanted outputs to return, all when empty
     * @throws IllegalArgumentException when the inputs do not fit the graph (ONNX Runtime's message)
     */
    public List<TensorData> run(List<TensorData> inputs, List<String> wanted) {
        Set<String> outputs = wanted == null || wanted.isEmpty() ? outputNames : new LinkedHashSet<>(wanted);
        lifecycle.readLock().lock();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            if (closed) {
                throw new EmbeddingException("model '" + modelName + "': session is closed");
            }
            for (TensorData input : inputs) {
                feeds.put(input.name(), tensor(input));
            }
            try (OrtSession.Result result = session.run(feeds, outputs)) {
                List<TensorData> out = new ArrayList<>();
                for (Map.Entry<String, OnnxValue> entry : result) {
                    out.add(data(entry.getKey(), (OnnxTensor) entry.getValue()));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException("model '" + modelName + "': " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
            lifecycle.readLock().unlock();
        }
    }

    private static OnnxTensor tensor(TensorData input) throws OrtException {
        byte[] bytes = Base64.getDecoder().decode(input.dataBase64());
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.nativeOrder());
        // The wire is little-endian; so is every platform ONNX Runtime ships for, which this check keeps honest.
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("raw tensors need a little-endian platform");
        }
        buffer.put(bytes).flip();
        return OnnxTensor.createTensor(ENVIRONMENT, buffer, input.shape(), javaType(input.datatype()));
    }

    private static TensorData data(String name, OnnxTensor tensor) {
        TensorInfo info = tensor.getInfo();
        ByteBuffer bytes = tensor.getByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        return new TensorData(name, datatype(info.type), info.getShape(), Base64.getEncoder().encodeToString(raw));
    }

    static OnnxJavaType javaType(String datatype) {
        return switch (datatype) {
            case "FP32" -> OnnxJavaType.FLOAT;
            case "FP64" -> OnnxJavaType.DOUBLE;
            case "INT8" -> OnnxJavaType.INT8;
            case "UINT8" -> OnnxJavaType.UINT8;
            case "INT16" -> OnnxJavaType.INT16;
            case "INT32" -> OnnxJavaType.INT32;
            case "INT64" -> OnnxJavaType.INT64;
            case "BOOL" -> OnnxJavaType.BOOL;
            default -> throw new IllegalArgumentException("datatype " + datatype + " is not supported");
        };
    }

    static String datatype(OnnxJavaType type) {
        String name = TensorTypes.fromOnnx(type.name());
        if (TensorTypes.size(name).isEmpty()) {
            throw new IllegalArgumentException("output type " + type + " cannot be sent");
        }
        return name;
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                session.close();
            }
        } catch (OrtException e) {
            throw new EmbeddingException("model '" + modelName + "': closing the session failed", e);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
