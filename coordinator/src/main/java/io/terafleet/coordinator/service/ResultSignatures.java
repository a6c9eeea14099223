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
        return check(key.get(), kind, leaseId, leases.unitOfLease(leaseId, carId), results, energyWh, signature);
    }

    /**
     * The checks of a bulk completion: the car's key is looked up once, and the units of all its leases in one
     * store read; each completion's signature is verified on its own.
     *
     * @return one verdict per request, in order
     */
    public List<Verdict> checkAll(String carId, List<io.terafleet.core.api.CompleteRequest> requests) {
        Optional<PublicKey> key = cars.publicKey(carId);
        if (key.isEmpty()) {
            return requests.stream().map(r -> Verdict.KEYLESS_CAR).toList();
        }
        var units = leases.unitsOfLeases(requests.stream().filter(java.util.Objects::nonNull)
                .map(io.terafleet.core.api.CompleteRequest::leaseId).filter(java.util.Objects::nonNull).toList(), carId);
        // A request without a lease or results is refused for that by the caller, before its signature counts.
        return requests.stream().map(r -> r == null || r.leaseId() == null || r.results() == null
                ? Verdict.NOT_ITS_LEASE : r.signature() == null || r.signature().isBlank() ? Verdict.MISSING
                : check(key.get(), ResultDigest.COMPLETE, r.leaseId(), Optional.ofNullable(units.get(r.leaseId())),
                        r.results(), r.energyWh(), r.signature())).toList();
    }

    private static Verdict check(PublicKey key, String kind, String leaseId, Optional<String> unitId,
                                 List<InputResult> results, Double energyWh, String signature) {
        if (unitId.isEmpty()) {
            return Verdict.NOT_ITS_LEASE;
        }
        byte[] digest = ResultDigest.of(kind, leaseId, unitId.get(), results, energyWh);
        return CarKeys.verify(key, digest, signature) ? Verdict.VALID : Verdict.FORGED;
    }
}
