package io.terafleet.agent.models;

import io.terafleet.agent.signals.VehicleSignals;
import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.vehicle.Connectivity;
import io.terafleet.core.vehicle.Eligibility;
import io.terafleet.core.vehicle.ReasonCodes;

/**
 * Whether a model may be downloaded now. Models are large, so they travel over Wi-Fi only, whatever the
 * owner allows for smaller transfers; on Wi-Fi the owner's transfer rules still apply.
 */
public final class TransferGate {
    private final java.util.function.Supplier<OwnerPolicy> policy;
    private final VehicleSignals signals;

    public TransferGate(OwnerPolicy policy, VehicleSignals signals) {
        this(() -> policy, signals);
    }

    /** @param policy the owner's policy now (it changes when the owner sets a new one in the console) */
    public TransferGate(java.util.function.Supplier<OwnerPolicy> policy, VehicleSignals signals) {
        this.policy = policy;
        this.signals = signals;
    }

    public Eligibility mayDownload(long bytes) {
        Connectivity connectivity = signals.current().connectivity();
        if (connectivity != Connectivity.WIFI) {
            return new Eligibility.NotEligible(connectivity == Connectivity.NONE ? ReasonCodes.NO_CONNECTIVITY
                    : ReasonCodes.WIFI_ONLY, "models download over Wi-Fi only; the car is on " + connectivity);
        }
        return policy.get().mayTransfer(bytes, connectivity, 0);
    }
}
