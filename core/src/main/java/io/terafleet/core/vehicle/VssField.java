package io.terafleet.core.vehicle;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** One VSS path bound to one {@link VehicleState} field: how to read its value and how to write it back. */
enum VssField {
    SPEED(VssPaths.SPEED, "speedKmh", Kind.NUMBER,
            (b, v) -> b.speedKmh((Double) v), VehicleState::speedKmh),
    SELECTED_GEAR(VssPaths.SELECTED_GEAR, "selectedGear", Kind.INTEGER,
            (b, v) -> b.selectedGear((Integer) v), VehicleState::selectedGear),
    STATE_OF_CHARGE(VssPaths.STATE_OF_CHARGE, "stateOfChargePercent", Kind.NUMBER,
            (b, v) -> b.stateOfChargePercent((Double) v), VehicleState::stateOfChargePercent),
    IS_CHARGING(VssPaths.IS_CHARGING, "charging", Kind.BOOLEAN,
            (b, v) -> b.charging((Boolean) v), VehicleState::charging),
    CHARGE_LIMIT(VssPaths.CHARGE_LIMIT, "chargeLimitPercent", Kind.NUMBER,
            (b, v) -> b.chargeLimitPercent((Double) v), VehicleState::chargeLimitPercent),
    CHARGING_POWER(VssPaths.CHARGING_POWER, "chargingPowerKw", Kind.NUMBER,
            (b, v) -> b.chargingPowerKw((Double) v), VehicleState::chargingPowerKw),
    CABLE_CONNECTED(VssPaths.IS_CHARGING_CABLE_CONNECTED, "chargingCableConnected", Kind.BOOLEAN,
            (b, v) -> b.chargingCableConnected((Boolean) v), VehicleState::chargingCableConnected),
    PACK_TEMPERATURE(VssPaths.PACK_TEMPERATURE, "packTemperatureC", Kind.NUMBER,
            (b, v) -> b.packTemperatureC((Double) v), VehicleState::packTemperatureC),
    COMPUTE_TEMPERATURE(VssPaths.COMPUTE_TEMPERATURE, "computeTemperatureC", Kind.NUMBER,
            (b, v) -> b.computeTemperatureC((Double) v), VehicleState::computeTemperatureC),
    DRIVER_SEAT_OCCUPIED(VssPaths.DRIVER_SEAT_OCCUPIED, "driverSeatOccupied", Kind.BOOLEAN,
            (b, v) -> b.driverSeatOccupied((Boolean) v), VehicleState::driverSeatOccupied),
    DRIVER_DOOR_LOCKED(VssPaths.DRIVER_DOOR_LOCKED, "driverDoorLocked", Kind.BOOLEAN,
            (b, v) -> b.driverDoorLocked((Boolean) v), VehicleState::driverDoorLocked),
    CONNECTIVITY(VssPaths.CONNECTIVITY, "connectivity", Kind.CONNECTIVITY,
            (b, v) -> b.connectivity((Connectivity) v), s -> s.connectivity().name()),
    CHARGE_TIMER_MODE(VssPaths.CHARGE_TIMER_MODE, "chargeTimerMode", Kind.TIMER_MODE,
            (b, v) -> b.chargeTimerMode((ChargeTimerMode) v), s -> s.chargeTimerMode().name()),
    CHARGE_TIMER_TIME(VssPaths.CHARGE_TIMER_TIME, "chargeTimerTime", Kind.OPTIONAL_INSTANT,
            (b, v) -> b.chargeTimerTime((Instant) v),
            s -> s.chargeTimerTime() == null ? null : s.chargeTimerTime().toString()),
    SOLAR_SURPLUS(VssPaths.SOLAR_SURPLUS_POWER, "solarSurplusKw", Kind.OPTIONAL_NUMBER,
            (b, v) -> b.solarSurplusKw((Double) v), VehicleState::solarSurplusKw),
    NET_CAPACITY(VssPaths.NET_CAPACITY, "batteryCapacityKwh", Kind.NUMBER,
            (b, v) -> b.batteryCapacityKwh((Double) v), VehicleState::batteryCapacityKwh);

    final String path;
    final String fieldName;
    private final Kind kind;
    private final BiConsumer<VehicleStateBuilder, Object> setter;
    private final Function<VehicleState, Object> getter;

    VssField(String path, String fieldName, Kind kind, BiConsumer<VehicleStateBuilder, Object> setter,
             Function<VehicleState, Object> getter) {
        this.path = path;
        this.fieldName = fieldName;
        this.kind = kind;
        this.setter = setter;
        this.getter = getter;
    }

    static VssField byPath(String path) {
        return Arrays.stream(values()).filter(f -> f.path.equals(path)).findFirst().orElse(null);
    }

    static VssField byFieldName(String fieldName) {
        return Arrays.stream(values()).filter(f -> f.fieldName.equals(fieldName)).findFirst().orElse(null);
    }

    /** Converts and sets the value; returns a problem description, or null when it was applied. */
    String apply(VehicleStateBuilder builder, Object raw) {
        Converted converted = kind.convert(raw);
        if (converted.problem() != null) {
            return converted.problem();
        }
        setter.accept(builder, converted.value());
        return null;
    }

    /** The field's value as VSS carries it in JSON: numbers, booleans, ISO-8601 strings, enum names, null. */
    Object valueOf(VehicleState state) {
        return getter.apply(state);
    }

    private record Converted(Object value, String problem) {
        static Converted ok(Object value) {
            return new Converted(value, null);
        }

        static Converted wrong(String problem) {
            return new Converted(null, problem);
        }
    }

    private enum Kind {
        NUMBER, OPTIONAL_NUMBER, INTEGER, BOOLEAN, CONNECTIVITY, TIMER_MODE, OPTIONAL_INSTANT;

        Converted convert(Object raw) {
            if (raw == null) {
                return this == OPTIONAL_NUMBER || this == OPTIONAL_INSTANT
                        ? Converted.ok(null) : Converted.wrong("must not be null");
            }
            return switch (this) {
                case NUMBER, OPTIONAL_NUMBER -> number(raw);
                case INTEGER -> integer(raw);
                case BOOLEAN -> raw instanceof Boolean b ? Converted.ok(b) : wrongType("a boolean", raw);
                case CONNECTIVITY -> enumValue(Connectivity.class, raw);
                case TIMER_MODE -> enumValue(ChargeTimerMode.class, raw);
                case OPTIONAL_INSTANT -> instant(raw);
            };
        }

        private static Converted number(Object raw) {
            return raw instanceof Number n ? Converted.ok(n.doubleValue()) : wrongType("a number", raw);
        }

        private static Converted integer(Object raw) {
            if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
                return Converted.ok((int) n.doubleValue());
            }
            return wrongType("an integer", raw);
        }

        private static <E extends Enum<E>> Converted enumValue(Class<E> type, Object raw) {
            if (raw instanceof String s) {
                try {
                    return Converted.ok(Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    return Converted.wrong("must be one of " + Arrays.toString(type.getEnumConstants())
                            + ", was \"" + s + "\"");
                }
            }
            return wrongType("a string", raw);
        }

        private static Converted instant(Object raw) {
            if (raw instanceof Instant i) {
                return Converted.ok(i);
            }
            if (!(raw instanceof String s)) {
                return wrongType("an ISO-8601 time string", raw);
            }
            try {
                return Converted.ok(OffsetDateTime.parse(s.trim()).toInstant());
            } catch (DateTimeParseException e) {
                return Converted.wrong("must be an ISO-8601 time such as 2026-11-21T07:30:00Z, was \"" + s + "\"");
            }
        }

        private static Converted wrongType(String expected, Object raw) {
            String shown = raw instanceof String s ? "\"" + s + "\"" : String.valueOf(raw);
            return Converted.wrong("must be " + expected + ", was " + shown);
        }
    }
}
