package io.terafleet.generation;

import java.util.List;

/**
 * What an engine knows about its model, from {@code generation.json} checked against the ONNX graph.
 *
 * @param name          the model's name
 * @param contextLength the most tokens (prompt plus generated) one sequence may hold
 * @param vocabSize     size of the logits' last axis
 * @param layers        decoder layers (one key and one value cache each)
 * @param kvHeads       key/value heads per layer (fewer than query heads under grouped-query attention)
 * @param headDim       size of one head's key and value vectors
 * @param eosTokenIds   tokens that end a generation
 */
public record ModelInfo(String name, int contextLength, int vocabSize, int layers, int kvHeads, int headDim,
                        List<Integer> eosTokenIds) {

    public ModelInfo {
        eosTokenIds = List.copyOf(eosTokenIds);
    }
}
