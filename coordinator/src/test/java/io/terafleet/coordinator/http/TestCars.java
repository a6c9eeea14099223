package io.terafleet.coordinator.http;

import io.terafleet.core.identity.CarKeys;

/** Every car enrolls with a public key: the one the tests' cars send when a test does not check signatures. */
final class TestCars {
    /** Base64 X.509 of an Ed25519 public key. */
    static final String PUBLIC_KEY = CarKeys.encode(CarKeys.generate().getPublic());
    /** The field as it goes into an enrollment body, after another field. */
    static final String KEY_FIELD = ", \"publicKey\": \"" + PUBLIC_KEY + "\"";

    private TestCars() {
    }
}
