package io.terafleet.bench;

import io.terafleet.core.api.FloatVectors;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.identity.CarKeys;
import io.terafleet.core.identity.OnlineAnswerDigest;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a signed online answer costs: the coordinator's check before the answer is delivered (canonical digest of an
 * embedding answer of {@code texts} 384-dimension base64 vectors, then one Ed25519 verification with the car's key
 * already decoded) and the car's signing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OnlineAnswerSignatureBenchmark {
    @Param({"1", "8", "64"})
    int texts;

    private KeyPair car;
    private PublicKey published;
    private OnlineResult answer;
    private String signature;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        List<String> vectors = new ArrayList<>(texts);
        for (int i = 0; i < texts; i++) {
            float[] v = new float[384];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) random.nextGaussian();
            }
            vectors.add(FloatVectors.toBase64(v));
        }
        answer = new OnlineResult(vectors, 12 * texts, null, null, null);
        car = CarKeys.generate();
        published = CarKeys.publicKey(CarKeys.encode(car.getPublic())).orElseThrow();
        signature = sign();
    }

    /** The coordinator's cost per answer. */
    @Benchmark
    public boolean verify() {
        return CarKeys.verify(published, OnlineAnswerDigest.of("req_0123456789abcdef", "all-minilm-l6-v2", answer),
                signature);
    }

    /** The digest alone (the part that grows with the answer). */
    @Benchmark
    public byte[] digest() {
        return OnlineAnswerDigest.of("req_0123456789abcdef", "all-minilm-l6-v2", answer);
    }

    /** The car's cost per answer. */
    @Benchmark
    public String sign() {
        return CarKeys.sign(car.getPrivate(), OnlineAnswerDigest.of("req_0123456789abcdef", "all-minilm-l6-v2",
                answer));
    }
}
