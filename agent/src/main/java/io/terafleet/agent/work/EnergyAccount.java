package io.terafleet.agent.work;

import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.energy.DailyEnergyMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.LongSupplier;

/**
 * The car's compute energy for the owner's daily budget: hardware watts × inference time, metered per batch.
 * While a batch runs, its energy so far counts too, so that a decision taken mid-batch sees the budget as it
 * really stands and the watchdog can stop the batch before the budget is overrun.
 */
final class EnergyAccount {
    private final ComputeHardware hardware;
    private final DailyEnergyMeter meter;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private long batchStartNanos = -1;

    EnergyAccount(ComputeHardware hardware, ZoneId ownerZone, Clock clock) {
        this(hardware, ownerZone, clock, System::nanoTime);
    }

    /** @param nanoTime the monotonic time that compute is measured with; a test can simulate hours of it */
    EnergyAccount(ComputeHardware hardware, ZoneId ownerZone, Clock clock, LongSupplier nanoTime) {
        this.hardware = hardware;
        this.meter = new DailyEnergyMeter(ownerZone);
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    ComputeHardware hardware() {
        return hardware;
    }

    /**
     * Counts the owner's days in the zone of the policy now applied: today's energy so far is kept, and the next
     * day begins at the new zone's midnight.
     */
    void zone(ZoneId ownerZone) {
        meter.zone(ownerZone);
    }

    ZoneId zone() {
        return meter.zone();
    }

    synchronized void batchStarted() {
        batchStartNanos = nanoTime.getAsLong();
    }

    /** Meters the batch that just ended (normally or aborted) and returns its compute time in nanoseconds. */
    synchronized long batchEnded() {
        long spent = nanoTime.getAsLong() - batchStartNanos;
        batchStartNanos = -1;
        meter.addKwh(clock.instant(), hardware.energyKwh(Duration.ofNanos(spent)));
        return spent;
    }

    /** Meters compute done beside the batches (an online request), measured by the caller. */
    synchronized void addCompute(long nanos) {
        meter.addKwh(clock.instant(), hardware.energyKwh(Duration.ofNanos(nanos)));
    }

    /** Energy used today, including the batch in flight. */
    synchronized double kwhToday() {
        double inFlight = batchStartNanos < 0 ? 0
                : hardware.energyKwh(Duration.ofNanos(nanoTime.getAsLong() - batchStartNanos));
        return meter.kwhToday(clock.instant()) + inFlight;
    }

    double energyWh(long computeNanos) {
        return hardware.energyWh(Duration.ofNanos(computeNanos));
    }
}
