package io.terafleet.core.verification;

/**
 * The outcome of comparing two outputs.
 *
 * @param agree  within the tolerance
 * @param score  how close they are, higher is closer (cosine for embeddings, 1 or 0 for class labels
 *               and bitwise comparison, the negated worst excess over the tolerance for tensors); only
 *               used to rank candidates, never to decide
 * @param method how they were compared: {@code cosine}, {@code argmax}, {@code allclose} or {@code exact}
 * @param detail why they disagree, empty when they agree
 */
public record Comparison(boolean agree, double score, String method, String detail) {
    static Comparison agreeing(double score, String method) {
        return new Comparison(true, score, method, "");
    }

    static Comparison disagreeing(double score, String method, String detail) {
        return new Comparison(false, score, method, detail);
    }
}
