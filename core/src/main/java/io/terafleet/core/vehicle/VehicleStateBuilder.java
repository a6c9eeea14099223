package io.terafleet.core.vehicle;

import java.time.Instant;

/** Changes a few fields of a {@link VehicleState}; {@link #build()} validates the result. */
public final class VehicleStateBuilder {
    private Instant at;
    private double speedKmh;
    private int selectedGear;
    private double stateOfChargePercent;
    private boolean charging;
    private double chargeLimitPercent;
    private double chargingPowerKw;
    private boolean chargingCableConnected;
    private double packTemperatureC;
    private double computeTemperatureC;
    private boolean driverSeatOccupied;
    private boolean driverDoorLocked;
    private Connectivity connectivity;
    private ChargeTimerMode chargeTimerMode;
    private Instant chargeTimerTime;
    private Double solarSurplusKw;
    private double batteryCapacityKwh;

    VehicleStateBuilder(VehicleState from) {
        at = from.at();
        speedKmh = from.speedKmh();
        selectedGear = from.selectedGear();
        stateOfChargePercent = from.stateOfChargePercent();
        charging = from.charging();
        chargeLimitPercent = from.chargeLimitPercent();
        chargingPowerKw = from.chargingPowerKw();
        chargingCableConnected = from.chargingCableConnected();
        packTemperatureC = from.packTemperatureC();
        computeTemperatureC = from.computeTemperatureC();
        driverSeatOccupied = from.driverSeatOccupied();
        driverDoorLocked = from.driverDoorLocked();
        connectivity = from.connectivity();
        chargeTimerMode = from.chargeTimerMode();
        chargeTimerTime = from.chargeTimerTime();
        solarSurplusKw = from.solarSurplusKw();
        batteryCapacityKwh = from.batteryCapacityKwh();
    }

    public VehicleState build() {
        return new VehicleState(at, speedKmh, selectedGear, stateOfChargePercent, charging, chargeLimitPercent,
                chargingPowerKw, chargingCableConnected, packTemperatureC, computeTemperatureC, driverSeatOccupied,
                driverDoorLocked, connectivity, chargeTimerMode, chargeTimerTime, solarSurplusKw, batteryCapacityKwh);
    }

    public VehicleStateBuilder at(Instant value) {
        at = value;
        return this;
    }

    public VehicleStateBuilder speedKmh(double value) {
        speedKmh = value;
        return this;
    }

    public VehicleStateBuilder selectedGear(int value) {
        selectedGear = value;
        return this;
    }

    public VehicleStateBuilder stateOfChargePercent(double value) {
        stateOfChargePercent = value;
        return this;
    }

    public VehicleStateBuilder charging(boolean value) {
        charging = value;
        return this;
    }

    public VehicleStateBuilder chargeLimitPercent(double value) {
        chargeLimitPercent = value;
        return this;
    }

    public VehicleStateBuilder chargingPowerKw(double value) {
        chargingPowerKw = value;
        return this;
    }

    public VehicleStateBuilder chargingCableConnected(boolean value) {
        chargingCableConnected = value;
        return this;
    }

    public VehicleStateBuilder packTemperatureC(double value) {
        packTemperatureC = value;
        return this;
    }

    public VehicleStateBuilder computeTemperatureC(double value) {
        computeTemperatureC = value;
        return this;
    }

    public VehicleStateBuilder driverSeatOccupied(boolean value) {
        driverSeatOccupied = value;
        return this;
    }

    public VehicleStateBuilder driverDoorLocked(boolean value) {
        driverDoorLocked = value;
        return this;
    }

    public VehicleStateBuilder connectivity(Connectivity value) {
        connectivity = value;
        return this;
    }

    public VehicleStateBuilder chargeTimerMode(ChargeTimerMode value) {
        chargeTimerMode = value;
        return this;
    }

    public VehicleStateBuilder chargeTimerTime(Instant value) {
        chargeTimerTime = value;
        return this;
    }

    /** Sets an END_TIME charge timer at {@code departure}, or clears the timer when it is null. */
    public VehicleStateBuilder nextDeparture(Instant departure) {
        chargeTimerMode = departure == null ? ChargeTimerMode.INACTIVE : ChargeTimerMode.END_TIME;
        chargeTimerTime = departure;
        return this;
    }

    public VehicleStateBuilder solarSurplusKw(Double value) {
        solarSurplusKw = value;
        return this;
    }

    public VehicleStateBuilder batteryCapacityKwh(double value) {
        batteryCapacityKwh = value;
        return this;
    }
}
