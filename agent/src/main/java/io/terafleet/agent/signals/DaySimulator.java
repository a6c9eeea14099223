package io.terafleet.agent.signals;

import io.terafleet.agent.signals.PlannedTrip.Place;
import io.terafleet.core.vehicle.Connectivity;
import io.terafleet.core.vehicle.Gear;
import io.terafleet.core.vehicle.VehicleState;
import io.terafleet.core.vehicle.VehicleStateBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Turns planned trips into a timeline of VSS states: driving drains the pack and warms it, parking cools it and
 * (when plugged in) charges at the charger's power up to the limit, the owner gets in a couple of minutes before
 * leaving and out a couple after arriving. Parked, the car reports every 15 minutes while charging and hourly
 * otherwise.
 */
final class DaySimulator {
    private static final Duration DRIVE_STEP = Duration.ofMinutes(5);
    private static final Duration CHARGE_STEP = Duration.ofMinutes(15);
    private static final Duration IDLE_STEP = Duration.ofHours(1);
    private static final Duration GETTING_IN_OUT = Duration.ofMinutes(2);

    private final OwnerProfile owner;
    private final ZoneId zone;
    private final Random random;
    private final List<TimedState> entries = new ArrayList<>();
    private final VehicleStateBuilder car;
    private Place place = Place.HOME;
    private double cloudiness;

    DaySimulator(OwnerProfile owner, ZoneId zone, Random random, Instant start) {
        this.owner = owner;
        this.zone = zone;
        this.random = random;
        this.car = VehicleState.parkedIdle(start, round2(60 + random.nextDouble() * 25), false).toBuilder()
                .batteryCapacityKwh(owner.batteryCapacityKwh()).chargeLimitPercent(owner.chargeLimitPercent())
                .packTemperatureC(ambient(start)).computeTemperatureC(ambient(start) + 5);
        this.cloudiness = random.nextDouble();
    }

    VehicleTimeline run(List<PlannedTrip> trips, Instant end) {
        Instant now = car.build().at();
        boolean plugged = random.nextDouble() < owner.plugInProbability();
        Instant settled = now; // the timeline opens with the car already parked for the night
        for (PlannedTrip trip : trips) {
            park(settled, trip.depart(), plugged, trip);
            drive(trip);
            now = trip.arrive();
            place = trip.to();
            plugged = plugsIn();
            settled = now.plus(GETTING_IN_OUT);
        }
        park(settled, end, plugged, null);
        return new VehicleTimeline(entries);
    }

    private boolean plugsIn() {
        double soc = car.build().stateOfChargePercent();
        return switch (place) {
            case HOME -> soc < 35 || random.nextDouble() < owner.plugInProbability();
            case WORK -> owner.workChargerKw() > 0 && random.nextDouble() < 0.7;
            case ELSEWHERE -> false;
        };
    }

    /**
     * Parked until {@code until}, the owner gone from {@code settled} (a couple of minutes after arriving);
     * {@code next} is the trip that ends it, or null at the end of the timeline.
     */
    private void park(Instant settled, Instant until, boolean plugged, PlannedTrip next) {
        Instant leaving = next == null ? until : until.minus(GETTING_IN_OUT);
        if (settled.isBefore(leaving)) {
            walkAway(settled, plugged, next);
            Instant now = settled;
            while (true) {
                Instant step = now.plus(car.build().charging() ? CHARGE_STEP : IDLE_STEP);
                if (!step.isBefore(leaving)) {
                    break;
                }
                standStill(now, step);
                now = step;
                emit(now);
            }
            standStill(now, leaving);
        }
        if (next != null) {
            getIn(leaving.isBefore(settled) ? settled : leaving);
        }
    }

    private void walkAway(Instant at, boolean plugged, PlannedTrip next) {
        double chargerKw = !plugged ? 0 : place == Place.WORK ? owner.workChargerKw() : owner.homeChargerKw();
        boolean timer = place == Place.HOME && owner.setsDepartureTimer() && next != null && next.commute()
                && Duration.between(at, next.depart()).compareTo(Duration.ofHours(24)) < 0;
        car.driverSeatOccupied(false).driverDoorLocked(true).chargingCableConnected(plugged)
                .chargingPowerKw(chargerKw).charging(plugged && belowLimit())
                .connectivity(place == Place.HOME ? Connectivity.WIFI : Connectivity.CELLULAR)
                .nextDeparture(timer ? next.depart() : null);
        cloudiness = random.nextDouble();
        emit(at);
    }

    private void getIn(Instant at) {
        car.driverDoorLocked(false).driverSeatOccupied(true).chargingCableConnected(false).charging(false)
                .chargingPowerKw(0);
        emit(at);
    }

    /** Charging and cooling between two parked instants. */
    private void standStill(Instant from, Instant to) {
        double hours = Duration.between(from, to).toSeconds() / 3600.0;
        VehicleState now = car.build();
        if (now.charging()) {
            double soc = now.stateOfChargePercent() + now.chargingPowerKw() * hours / owner.batteryCapacityKwh() * 100;
            car.stateOfChargePercent(Math.min(round2(soc), now.chargeLimitPercent()));
            car.charging(belowLimit());
        }
        double ambient = ambient(to);
        car.packTemperatureC(relax(now.packTemperatureC(), ambient + (now.charging() ? 5 : 0), hours, 2));
        car.computeTemperatureC(relax(now.computeTemperatureC(), ambient + 5, hours, 0.5));
        car.solarSurplusKw(owner.hasSolar() && place == Place.HOME ? solarSurplus(to) : null);
    }

    private void drive(PlannedTrip trip) {
        car.selectedGear(Gear.DRIVE).connectivity(Connectivity.CELLULAR).solarSurplusKw(null).nextDeparture(null);
        double kmPerSecond = trip.km() / Math.max(1, trip.drive().toSeconds());
        for (Instant t = trip.depart(); t.isBefore(trip.arrive()); t = t.plus(DRIVE_STEP)) {
            Instant stepEnd = t.plus(DRIVE_STEP).isBefore(trip.arrive()) ? t.plus(DRIVE_STEP) : trip.arrive();
            double stepKm = kmPerSecond * Duration.between(t, stepEnd).toSeconds();
            car.speedKmh(Math.round(20 + random.nextDouble() * 90));
            emit(t);
            drain(stepKm, Duration.between(t, stepEnd));
        }
        car.selectedGear(Gear.PARK).speedKmh(0);
        emit(trip.arrive());
    }

    private void drain(double km, Duration step) {
        VehicleState now = car.build();
        double hours = step.toSeconds() / 3600.0;
        double soc = now.stateOfChargePercent() - owner.kwhPerKm() * km / owner.batteryCapacityKwh() * 100;
        car.stateOfChargePercent(Math.max(0, round2(soc)));
        car.packTemperatureC(relax(now.packTemperatureC(), ambient(now.at()) + 12, hours, 0.5));
        car.computeTemperatureC(relax(now.computeTemperatureC(), ambient(now.at()) + 30, hours, 0.2));
    }

    private boolean belowLimit() {
        VehicleState now = car.build();
        return now.stateOfChargePercent() < now.chargeLimitPercent();
    }

    private void emit(Instant at) {
        car.at(at);
        entries.add(new TimedState(at, car.build()));
    }

    /** A seasonal and daily swing around 11 °C: cold January nights, warm July afternoons. */
    private double ambient(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        double season = -Math.cos(2 * Math.PI * (local.getDayOfYear() - 15) / 365.0);
        double daily = Math.sin(2 * Math.PI * (local.getHour() + local.getMinute() / 60.0 - 9) / 24.0);
        return round(11 + 9 * season + 5 * daily);
    }

    private double solarSurplus(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        double hour = local.getHour() + local.getMinute() / 60.0;
        double season = 0.65 - 0.35 * Math.cos(2 * Math.PI * (local.getDayOfYear() - 15) / 365.0);
        double sun = Math.max(0, Math.sin(Math.PI * (hour - 6) / 14));
        return round(Math.max(0, 5 * season * sun * (1 - 0.8 * cloudiness) - 0.4));
    }

    /** Exponential approach to a target temperature with time constant {@code tauHours}. */
    private static double relax(double current, double target, double hours, double tauHours) {
        return round(target + (current - target) * Math.exp(-hours / tauHours));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
