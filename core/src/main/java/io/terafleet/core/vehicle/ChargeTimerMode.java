package io.terafleet.core.vehicle;

/**
 * VSS {@code Vehicle.Powertrain.TractionBattery.Charging.Timer.Mode}. {@link #END_TIME} means "reach the charge
 * limit by {@code Charging.Timer.Time}", which is how VSS expresses the owner's next departure.
 */
public enum ChargeTimerMode {
    INACTIVE,
    START_TIME,
    END_TIME
}
