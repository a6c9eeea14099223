package io.terafleet.coordinator.service;

import io.terafleet.core.api.InputResult;
import io.terafleet.core.identity.CarKeys;
import io.terafleet.core.identity.ResultDigest;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * Checks a car's signature on the results it hands back, before they count: every car enrolls with a public key and
 * must sign each completion (and each release with finished inputs) over its {@link ResultDigest}, so a stolen
 * bearer credential alone cannot hand in results as that car. One cached key and one Ed25519 verification per call
 * (see ADR 0019 for the cost), plus the lease's unit from the store.
 */
public final class ResultSignatures {
    /** What a signature check found. */
    public enum Verdict {
        /** Signed with the car's key over exactly these results. */
        VALID,
        /** The car enrolled without a key (before every car had to give one): refused, it must enroll anew. */
        KEYLESS_CAR,
        /** The lease is not one of this car's: the lease checks answer that, nothing is counted. */
        NOT_ITS_LEASE,
        /** No signature from a car that has a key. */
        MISSING,
        /** A signature that is not the car's over these results. */
        FORGED;

        /** Whether the results may go on to be counted (or refused by the lease checks). */
        public boolean admits() {
            return this == VALID || this == NOT_ITS_LEASE;
        }
    }

    private final CarService cars;
    private final LeaseService leases;

    public ResultSignatures(CarService cars, LeaseService leases) {
        this.cars = cars;
        this.leases = leases;
    }

    /** @param kind {@link ResultDigest#COMPLETE} or {@link ResultDigest#RELEASE} */
    public Verdict check(String carId, String kind, String leaseId, List<InputResult> results, Double energyWh,
                         String signature) {
        Optional<PublicKey> key = cars.publicKey(carId);
        if (key.isEmpty()) {
            return Verdict.KEYLESS_CAR;
        }
        if (signature == null || signature.isBlank()) {
            return Verdict.MISSING;
        }
        Optional<String> unitId = leases.unitOfLease(leaseId, carId);
        if (unitId.isEmpty()) {
            return Verdict.NOT_ITS_LEASE;
        }
        byte[] digest = ResultDigest.of(kind, leaseId, unitId.get(), results, energyWh);
        return CarKeys.verify(key.get(), digest, signature) ? Verdict.VALID : Verdict.FORGED;
    }
}
