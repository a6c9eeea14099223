package io.terafleet.core.vehicle;

import java.util.List;

/**
 * The COVESA Vehicle Signal Specification (VSS 4.x) paths Terafleet reads, one per {@link VehicleState} field.
 *
 * <p>VSS has no signal for three things the policy needs, so those live in a private overlay branch,
 * {@code Vehicle.Private.Terafleet.*} (VSS reserves {@code Vehicle.Private} for exactly this). A car integration
 * publishes them next to the standard ones. Charging power is in the overlay too: VSS 4.x
 * {@code Charging.ChargeRate} is range added per hour (km/h), not power, and the power signals VSS does have
 * ({@code TractionBattery.CurrentPower}) are net of what the computer draws, which would count compute twice.
 */
public final class VssPaths {
    /** float, km/h. */
    public static final String SPEED = "Vehicle.Speed";
    /** int8, see {@link Gear}. */
    public static final String SELECTED_GEAR = "Vehicle.Powertrain.Transmission.SelectedGear";
    /** float, percent of net capacity. */
    public static final String STATE_OF_CHARGE = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current";
    /** uint16, kWh. */
    public static final String NET_CAPACITY = "Vehicle.Powertrain.TractionBattery.NetCapacity";
    /** boolean: energy is flowing from the charger into the car. */
    public static final String IS_CHARGING = "Vehicle.Powertrain.TractionBattery.Charging.IsCharging";
    /** uint8, percent. */
    public static final String CHARGE_LIMIT = "Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit";
    /** boolean. */
    public static final String IS_CHARGING_CABLE_CONNECTED =
            "Vehicle.Powertrain.TractionBattery.Charging.IsChargingCableConnected";
    /** string: INACTIVE, START_TIME, END_TIME. */
    public static final String CHARGE_TIMER_MODE = "Vehicle.Powertrain.TractionBattery.Charging.Timer.Mode";
    /** string, ISO 8601 in UTC; with mode END_TIME it is the owner's next departure. */
    public static final String CHARGE_TIMER_TIME = "Vehicle.Powertrain.TractionBattery.Charging.Timer.Time";
    /** float, °C. */
    public static final String PACK_TEMPERATURE = "Vehicle.Powertrain.TractionBattery.Temperature.Average";
    /** boolean. */
    public static final String DRIVER_SEAT_OCCUPIED = "Vehicle.Cabin.Seat.Row1.DriverSide.IsOccupied";
    /** boolean. */
    public static final String DRIVER_DOOR_LOCKED = "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked";

    /** Private overlay: float, kW the connected charger delivers or can deliver (0 when unplugged). */
    public static final String CHARGING_POWER = "Vehicle.Private.Terafleet.Charging.Power";
    /** Private overlay: float, °C of the AI computer (VSS has no compute-unit branch). */
    public static final String COMPUTE_TEMPERATURE = "Vehicle.Private.Terafleet.Compute.Temperature";
    /** Private overlay: string WIFI, CELLULAR or NONE (VSS only says whether any connectivity is available). */
    public static final String CONNECTIVITY = "Vehicle.Private.Terafleet.Connectivity.Type";
    /** Private overlay: float, kW of home solar production not used by the house; null when there is no signal. */
    public static final String SOLAR_SURPLUS_POWER = "Vehicle.Private.Terafleet.Home.SolarSurplusPower";

    /** Every path above, in {@link VehicleState} field order. */
    public static final List<String> ALL = List.of(SPEED, SELECTED_GEAR, STATE_OF_CHARGE, IS_CHARGING, CHARGE_LIMIT,
            CHARGING_POWER, IS_CHARGING_CABLE_CONNECTED, PACK_TEMPERATURE, COMPUTE_TEMPERATURE,
            DRIVER_SEAT_OCCUPIED, DRIVER_DOOR_LOCKED, CONNECTIVITY, CHARGE_TIMER_MODE, CHARGE_TIMER_TIME,
            SOLAR_SURPLUS_POWER, NET_CAPACITY);

    private VssPaths() {
    }
}
