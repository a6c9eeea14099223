package io.terafleet.core.verification;

/**
 * One car's answer to a piece of work (one input, or a whole unit), as the quorum sees it.
 * {@code resultId} names the stored result (for example the lease that produced it), so that an owner's
 * credit can point at the exact result it pays for.
 */
public interface Replica {
    String resultId();

    String carId();

    String ownerId();

    String hardwareClass();
}
