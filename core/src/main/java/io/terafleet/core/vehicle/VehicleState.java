package io.terafleet.core.vehicle;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One snapshot of what the car reports about itself, in COVESA VSS terms (see {@link VssPaths} for the path of
 * each field). Build one with {@link #builder(Instant)} or {@link #toBuilder()}.
 *
 * @param at                     when the snapshot was taken
 * @param speedKmh               {@code Vehicle.Speed}; any non-zero value means the car is moving
 * @param selectedGear           {@code Transmission.SelectedGear}, see {@link Gear}
 * @param stateOfChargePercent   traction battery state of charge, 0..100
 * @param charging               energy is flowing from a charger into the car
 * @param chargeLimitPercent     the owner's target state of charge, 0..100
 * @param chargingPowerKw        power of the connected charger, ≥ 0, 0 when unplugged; reported while plugged in
 *                               even when not charging at the moment, since the charge-by-departure rule plans with it
 * @param chargingCableConnected plugged in to a charger
 * @param packTemperatureC       average battery cell temperature
 * @param computeTemperatureC    temperature of the AI computer
 * @param driverSeatOccupied     someone sits in the driver's seat
 * @param driverDoorLocked       the driver's door is locked
 * @param connectivity           how the car reaches the network
 * @param chargeTimerMode        VSS charging timer mode; END_TIME makes {@code chargeTimerTime} the next departure
 * @param chargeTimerTime        VSS charging timer time, or null when none is set
 * @param solarSurplusKw         home solar power not used by the house, or null when the car has no such signal
 * @param batteryCapacityKwh     net battery capacity, > 0
 */
public record VehicleState(
        Instant at,
        double speedKmh,
        int selectedGear,
        double stateOfChargePercent,
        boolean charging,
        double chargeLimitPercent,
        double chargingPowerKw,
        boolean chargingCableConnected,
        double packTemperatureC,
        double computeTemperatureC,
        boolean driverSeatOccupied,
        boolean driverDoorLocked,
        Connectivity connectivity,
        ChargeTimerMode chargeTimerMode,
        Instant chargeTimerTime,
        Double solarSurplusKw,
        double batteryCapacityKwh) {

    /** Assumed until the car reports {@code NetCapacity}: a mid-size EV pack. */
    public static final double DEFAULT_BATTERY_CAPACITY_KWH = 75;
    /** Assumed until the car reports a temperature: a mild day. */
    public static final double DEFAULT_TEMPERATURE_C = 20;

    public VehicleState {
        Objects.requireNonNull(at, "at: must not be null");
        Objects.requireNonNull(connectivity, "connectivity: must not be null");
        Objects.requireNonNull(chargeTimerMode, "chargeTimerMode: must not be null");
        requireFinite("speedKmh", speedKmh);
        if (selectedGear < Byte.MIN_VALUE || selectedGear > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("selectedGear: must be a VSS int8 (-128..127), was " + selectedGear);
        }
        requirePercent("stateOfChargePercent", stateOfChargePercent);
        requirePercent("chargeLimitPercent", chargeLimitPercent);
        requireNonNegative("chargingPowerKw", chargingPowerKw);
        requireFinite("packTemperatureC", packTemperatureC);
        requireFinite("computeTemperatureC", computeTemperatureC);
        if (solarSurplusKw != null) {
            requireNonNegative("solarSurplusKw", solarSurplusKw);
        }
        if (!(batteryCapacityKwh > 0 && Double.isFinite(batteryCapacityKwh))) {
            throw new IllegalArgumentException("batteryCapacityKwh: must be > 0, was " + batteryCapacityKwh);
        }
    }

    /**
     * The state assumed before the car has said anything: fail-safe, so a car that reports nothing never computes
     * (not in Park, driver present, unlocked, unplugged, empty).
     */
    public static VehicleState unknown(Instant at) {
        return new VehicleState(at, 0, Gear.NEUTRAL, 0, false, 100, 0, false, DEFAULT_TEMPERATURE_C,
                DEFAULT_TEMPERATURE_C, true, false, Connectivity.NONE, ChargeTimerMode.INACTIVE, null, null,
                DEFAULT_BATTERY_CAPACITY_KWH);
    }

    /** A car parked, locked and empty on Wi-Fi, not charging, with no departure set: the demo's car. */
    public static VehicleState parkedIdle(Instant at, double stateOfChargePercent, boolean pluggedIn) {
        return builder(at).selectedGear(Gear.PARK).driverSeatOccupied(false).driverDoorLocked(true)
                .stateOfChargePercent(stateOfChargePercent).chargeLimitPercent(80)
                .chargingCableConnected(pluggedIn).connectivity(Connectivity.WIFI).build();
    }

    /** A builder starting from {@link #unknown(Instant)}. */
    public static VehicleStateBuilder builder(Instant at) {
        return new VehicleStateBuilder(unknown(at));
    }

    public VehicleStateBuilder toBuilder() {
        return new VehicleStateBuilder(this);
    }

    /** Gear in Park, whatever the speed sensor says. */
    public boolean inPark() {
        return selectedGear == Gear.PARK;
    }

    public boolean moving() {
        return speedKmh != 0;
    }

    /** In Park and not moving: the only state in which a car may ever compute (invariant I1). */
    public boolean parked() {
        return inPark() && !moving();
    }

    /** The owner's next departure: the charge timer's time when it asks to be charged by then. */
    public Optional<Instant> nextDeparture() {
        return chargeTimerMode == ChargeTimerMode.END_TIME ? Optional.ofNullable(chargeTimerTime) : Optional.empty();
    }

    public Optional<Double> solarSurplus() {
        return Optional.ofNullable(solarSurplusKw);
    }

    private static void requireFinite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + ": must be a finite number, was " + value);
        }
    }

    private static void requireNonNegative(String field, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(field + ": must be ≥ 0, was " + value);
        }
    }

    private static void requirePercent(String field, double value) {
        if (!(value >= 0 && value <= 100)) {
            throw new IllegalArgumentException(field + ": must be within 0..100, was " + value);
        }
    }
}
