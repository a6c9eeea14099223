package io.terafleet.agent.signals;

import io.terafleet.agent.signals.PlannedTrip.Place;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Plans the drives of owner days: weekday commutes out around 07:30-08:30 and back around 17:00-18:30, evening
 * errands, weekend outings, and now and then an unplanned late trip. Trips never overlap: each leaves at least a
 * few minutes after the previous arrival.
 */
final class DayPlanner {
    private static final Duration MIN_STOP = Duration.ofMinutes(5);

    private final OwnerProfile owner;
    private final ZoneId zone;
    private final Random random;
    private final List<PlannedTrip> trips = new ArrayList<>();

    DayPlanner(OwnerProfile owner, ZoneId zone, Random random) {
        this.owner = owner;
        this.zone = zone;
        this.random = random;
    }

    List<PlannedTrip> plan(LocalDate firstDay, int days) {
        for (int i = 0; i < days; i++) {
            planDay(firstDay.plusDays(i));
        }
        return List.copyOf(trips);
    }

    private void planDay(LocalDate day) {
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        if (owner.commuter() && !weekend) {
            planCommute(day);
        } else {
            planOutings(day);
        }
        if (random.nextDouble() < 0.08) {
            roundTrip(at(day, 21, 0, 90), 3 + random.nextDouble() * 12, Place.ELSEWHERE, minutes(30, 90));
        }
    }

    private void planCommute(LocalDate day) {
        add(at(day, 7, 30, 60), owner.commuteKm(), Place.WORK, true);
        add(at(day, 17, 0, 90), owner.commuteKm(), Place.HOME, false);
        if (random.nextDouble() < 0.35) {
            roundTrip(at(day, 19, 0, 90), 3 + random.nextDouble() * 9, Place.ELSEWHERE, minutes(20, 60));
        }
    }

    private void planOutings(LocalDate day) {
        int outings = random.nextInt(4);
        Instant next = at(day, 9, 0, 120);
        Instant lastStart = day.atTime(19, 30).atZone(zone).toInstant();
        for (int i = 0; i < outings && next.isBefore(lastStart); i++) {
            Instant back = roundTrip(next, 4 + random.nextDouble() * 31, Place.ELSEWHERE, minutes(30, 150));
            next = back.plus(minutes(30, 180));
        }
    }

    /** Out and back home; returns the time the car is home again. */
    private Instant roundTrip(Instant depart, double km, Place to, Duration stay) {
        PlannedTrip out = add(depart, km, to, false);
        return add(out.arrive().plus(stay), km, Place.HOME, false).arrive();
    }

    private PlannedTrip add(Instant wanted, double km, Place to, boolean commute) {
        Instant depart = wanted;
        if (!trips.isEmpty() && depart.isBefore(trips.getLast().arrive().plus(MIN_STOP))) {
            depart = trips.getLast().arrive().plus(MIN_STOP);
        }
        double averageKmh = 30 + random.nextDouble() * 25;
        var trip = new PlannedTrip(depart, Duration.ofSeconds(Math.round(km / averageKmh * 3600)), km, to, commute);
        trips.add(trip);
        return trip;
    }

    private Instant at(LocalDate day, int hour, int minute, int spreadMinutes) {
        LocalTime base = LocalTime.of(hour, minute);
        return day.atTime(base).atZone(zone).toInstant().plusSeconds(random.nextInt(spreadMinutes * 60));
    }

    private Duration minutes(int min, int max) {
        return Duration.ofSeconds(60L * min + random.nextInt((max - min) * 60));
    }
}
