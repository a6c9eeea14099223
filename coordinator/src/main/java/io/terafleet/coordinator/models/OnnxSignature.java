package io.terafleet.coordinator.models;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.terafleet.core.api.TensorSpec;
import io.terafleet.core.api.TensorTypes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads a graph's inputs and outputs with ONNX Runtime's session metadata. Opening the session also proves
 * that the file is an ONNX graph ONNX Runtime can load, before any car is asked to.
 */
final class OnnxSignature {
    record Signature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
    }

    private OnnxSignature() {
    }

    /** @throws IllegalArgumentException if the file is not a graph ONNX Runtime loads */
    static Signature read(Path onnx) {
        OrtEnvironment env = io.terafleet.generation.OrtNatives.environment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // Metadata only: skip graph optimisation, which costs time and changes nothing we read.
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(onnx.toString(), options)) {
                return new Signature(specs(session.getInputInfo()), specs(session.getOutputInfo()));
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException("file: ONNX Runtime cannot load it as a model: " + e.getMessage(), e);
        }
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> nodes) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (node.getInfo() instanceof TensorInfo tensor) {
                specs.add(new TensorSpec(node.getName(), TensorTypes.fromOnnx(tensor.type.name()),
                        Arrays.stream(tensor.getShape()).boxed().toList()));
            } else {
                throw new IllegalArgumentException("file: input or output '" + node.getName()
                        + "' is not a tensor (sequences and maps are not supported)");
            }
        }
        return specs;
    }
}
