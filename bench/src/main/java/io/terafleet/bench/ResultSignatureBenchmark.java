package io.terafleet.bench;

import io.terafleet.core.api.InputResult;
import io.terafleet.core.identity.CarKeys;
import io.terafleet.core.identity.ResultDigest;
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
 * What a signed result costs: the coordinator's check of one completion (canonical digest of {@code inputs}
 * 384-dimension vectors, then one Ed25519 verification, with the car's key already decoded) and the car's signing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResultSignatureBenchmark {
    @Param({"1", "20", "100"})
    int inputs;

    private KeyPair car;
    private PublicKey published;
    private List<InputResult> results;
    private String signature;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        results = new ArrayList<>(inputs);
        for (int i = 0; i < inputs; i++) {
            float[] v = new float[384];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) random.nextGaussian();
            }
            results.add(new InputResult(i, v, 12));
        }
        car = CarKeys.generate();
        published = CarKeys.publicKey(CarKeys.encode(car.getPublic())).orElseThrow();
        signature = sign();
    }

    /** The coordinator's cost per completion. */
    @Benchmark
    public boolean verify() {
        return CarKeys.verify(published, ResultDigest.of(ResultDigest.COMPLETE, "lease-1", "unit-1", results, 0.25),
                signature);
    }

    /** The digest alone (the part that grows with the results). */
    @Benchmark
    public byte[] digest() {
        return ResultDigest.of(ResultDigest.COMPLETE, "lease-1", "unit-1", results, 0.25);
    }

    /** The car's cost per completion. */
    @Benchmark
    public String sign() {
        return CarKeys.sign(car.getPrivate(), ResultDigest.of(ResultDigest.COMPLETE, "lease-1", "unit-1", results,
                0.25));
    }
}
