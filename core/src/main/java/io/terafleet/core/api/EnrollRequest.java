package io.terafleet.core.api;

/** A car asks to join, with a token an operator issued, and gets a credential for later calls. */
public record EnrollRequest(String enrollmentToken, String carName, String hardwareClass) {
}
