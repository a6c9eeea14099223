package io.terafleet.coordinator.online;

import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.identity.CarKeys;
import io.terafleet.core.identity.OnlineAnswerDigest;
import java.security.PublicKey;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The gate between a car's answer to an online request and the customer waiting for it: the answer must carry the
 * car's Ed25519 signature over its {@link OnlineAnswerDigest} (request id, the model the request was for, the
 * answer). A stolen bearer credential alone can then answer nothing. An answer that fails the check is never
 * delivered: the request goes on to another car as after a retryable failure (or ends 503 with Retry-After when none
 * is left), and the car takes a strike. One cached key and one Ed25519 verification per answer.
 */
public final class SignedAnswers {
    /** What happened to an answer. */
    public enum Outcome {
        /** Signed by the car over this answer: handed to the waiting caller. */
        DELIVERED,
        /** The request no longer waits for this car (timed out, rerouted, never its): nothing to deliver. */
        GONE,
        /** The car holds no key (enrolled before every car had to): refused, the request goes on. */
        KEYLESS,
        /** No signature: refused, the request goes on, a strike. */
        MISSING,
        /** A signature that is not the car's over this answer: refused, the request goes on, a strike. */
        FORGED;

        public boolean delivered() {
            return this == DELIVERED;
        }
    }

    private final OnlineRouter router;
    private final Function<String, Optional<PublicKey>> keys;
    private final Consumer<String> strike;

    /**
     * @param keys   a car's public key by car id (cached by the caller: a car's key never changes)
     * @param strike counts a strike against a car that handed in an answer it did not sign
     */
    public SignedAnswers(OnlineRouter router, Function<String, Optional<PublicKey>> keys, Consumer<String> strike) {
        this.router = router;
        this.keys = keys;
        this.strike = strike;
    }

    /** Checks the car's answer to {@code requestId} and delivers it only when it is the car's own. */
    public Outcome deliver(String carId, String requestId, OnlineResult answer) {
        Optional<String> model = router.modelServed(carId, requestId);
        if (model.isEmpty() || answer == null) {
            return Outcome.GONE;
        }
        Outcome verdict = check(carId, requestId, model.get(), answer);
        if (verdict.delivered()) {
            return router.answer(carId, requestId, answer) ? Outcome.DELIVERED : Outcome.GONE;
        }
        // Not delivered: to the next car, as a retryable failure of this one.
        router.answer(carId, requestId, OnlineResult.failed("the car's answer was not signed with its key", true));
        if (verdict != Outcome.KEYLESS) {
            strike.accept(carId);
        }
        return verdict;
    }

    private Outcome check(String carId, String requestId, String model, OnlineResult answer) {
        Optional<PublicKey> key = keys.apply(carId);
        if (key.isEmpty()) {
            return Outcome.KEYLESS;
        }
        String signature = answer.signature();
        if (signature == null || signature.isBlank()) {
            return Outcome.MISSING;
        }
        return CarKeys.verify(key.get(), OnlineAnswerDigest.of(requestId, model, answer), signature)
                ? Outcome.DELIVERED : Outcome.FORGED;
    }
}
