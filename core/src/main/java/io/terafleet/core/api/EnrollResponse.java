package io.terafleet.core.api;

/** {@code credential} goes in {@code Authorization: Bearer ...} on every later agent call. */
public record EnrollResponse(String carId, String credential) {
}
