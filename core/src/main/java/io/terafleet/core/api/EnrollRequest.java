package io.terafleet.core.api;

/**
 * A car asks to join, with a token an operator issued, and gets a credential for later calls.
 * {@code ownerId} is optional and never decides who is paid: a car's owner comes from its token (an owner's grant:
 * that owner; the operator's fleet token: the car itself), and a car naming another owner is refused.
 * {@code publicKey} is the car's own Ed25519 public key (base64 of its X.509 encoding), required of every car:
 * every result and every online answer the car hands back must carry its signature.
 */
public record EnrollRequest(String enrollmentToken, String carName, String hardwareClass, String ownerId,
                            String publicKey) {
}
