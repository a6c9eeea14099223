package io.terafleet.core.api;

/**
 * A car asks to join, with a token an operator issued, and gets a credential for later calls.
 * {@code ownerId} names who is paid for the car's work; without one the car is its own owner.
 */
public record EnrollRequest(String enrollmentToken, String carName, String hardwareClass, String ownerId) {

    public EnrollRequest(String enrollmentToken, String carName, String hardwareClass) {
        this(enrollmentToken, carName, hardwareClass, null);
    }
}
