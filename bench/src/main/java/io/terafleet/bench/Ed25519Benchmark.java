package io.terafleet.bench;

import io.terafleet.core.identity.CarKeys;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Ed25519 signature and one check of a 32-byte digest (what every result and online answer costs the car and
 * the coordinator): {@link CarKeys}, which signs with Bouncy Castle's RFC 8032 code, beside the JDK's own provider
 * on the same keys, as the reference it replaced.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Ed25519Benchmark {
    private final byte[] digest = new byte[32];
    private KeyPair car;
    private String signature;
    private byte[] signatureBytes;

    @Setup
    public void setUp() {
        car = CarKeys.generate();
        digest[0] = 42;
        signature = CarKeys.sign(car.getPrivate(), digest);
        signatureBytes = Base64.getDecoder().decode(signature);
    }

    @Benchmark
    public String signCarKeys() {
        return CarKeys.sign(car.getPrivate(), digest);
    }

    @Benchmark
    public boolean verifyCarKeys() {
        return CarKeys.verify(car.getPublic(), digest, signature);
    }

    @Benchmark
    public byte[] signJdkProvider() throws GeneralSecurityException {
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(car.getPrivate());
        jdk.update(digest);
        return jdk.sign();
    }

    @Benchmark
    public boolean verifyJdkProvider() throws GeneralSecurityException {
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(car.getPublic());
        jdk.update(digest);
        return jdk.verify(signatureBytes);
    }
}
