package io.terafleet.core.api;

/**
 * A car asks to join, with a token an operator issued, and gets a credential for later calls.
 * {@code ownerId} names who is paid for the car's work; without one the car is its own owner.
 * {@code publicKey} is the car's own Ed25519 public key (base64 of its X.509 encoding), required of every car:
 * every result and every online answer the car hands back must carry its signature.
 */
public record EnrollRequest(String enrollmentToken, String carName, String hardwareClass, String ownerId,
                            String publicKey) {
}
