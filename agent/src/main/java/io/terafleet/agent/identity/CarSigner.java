package io.terafleet.agent.identity;

import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.TokenChunk;
import io.terafleet.core.identity.StreamChain;
import io.terafleet.core.identity.OnlineAnswerDigest;
import io.terafleet.core.identity.CarKeys;
import io.terafleet.core.identity.ResultDigest;
import java.security.PrivateKey;
import java.util.List;

/**
 * Signs what this car hands back with its own private key (made at enrollment, kept with the saved enrollment), so
 * that the coordinator can tell the car's results from those of anyone holding a copy of its bearer credential.
 * Without a key (before enrollment) nothing is signed.
 */
public final class CarSigner {
    /** The private key with its public point derived once (null: no key yet). */
    private volatile CarKeys.SigningKey key;
    private volatile String publicKey;

    /**
     * A signer holding a key pair made now, for a car that enrolls with {@link #publicKey()} (the simulator's and the
     * benchmarks' fake cars, tests).
     */
    public static CarSigner withNewKey() {
        var pair = CarKeys.generate();
        CarSigner signer = new CarSigner();
        signer.use(pair.getPrivate());
        signer.publicKey = CarKeys.encode(pair.getPublic());
        return signer;
    }

    /** Base64 of the public half, for the enrollment body; null unless made by {@link #withNewKey()}. */
    public String publicKey() {
        return publicKey;
    }

    /** From now on results are signed with {@code privateKey} (null: not signed). */
    public void use(PrivateKey privateKey) {
        this.key = privateKey == null ? null : CarKeys.signingKey(privateKey);
    }

    /** @return base64 of the signature over the results' {@link ResultDigest}, or null when the car has no key */
    public String sign(String kind, String leaseId, String unitId, List<InputResult> results, Double energyWh) {
        CarKeys.SigningKey current = key;
        return current == null ? null
                : CarKeys.sign(current, ResultDigest.of(kind, leaseId, unitId, results, energyWh));
    }

    /**
     * The answer to online request {@code requestId} for {@code model}, signed over its {@link OnlineAnswerDigest}
     * (unchanged when the car has no key: the coordinator then refuses it).
     */
    public OnlineResult sign(String requestId, String model, OnlineResult answer) {
        CarKeys.SigningKey current = key;
        return current == null ? answer
                : answer.withSignature(CarKeys.sign(current, OnlineAnswerDigest.of(requestId, model, answer)));
    }

    /**
     * {@code chunk} as the next of the stream {@code chain} follows, signed over the chain's link after it (unsigned
     * when the car has no key: the coordinator then relays none of it). The chain moves on either way.
     */
    public TokenChunk sign(StreamChain chain, TokenChunk chunk) {
        byte[] link = chain.next(chunk);
        CarKeys.SigningKey current = key;
        return current == null ? chunk : chunk.withSignature(CarKeys.sign(current, link));
    }
}
