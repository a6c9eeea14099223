package io.terafleet.sim.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The simulation's own seeded sessions: cars park for exponential times (churners for a sixth of the mean),
 * announce their departure with a Gaussian error, and drive for exponential times; jobs arrive in the first two
 * minutes. Cars and jobs come from the workload stream, sessions from the run's stream, in the order the
 * simulation asks for them.
 */
final class RandomSessions extends CarSchedule {
    private static final Duration ESTIMATE_ERROR = Duration.ofSeconds(30);

    private final HarnessConfig config;
    private final Random workload;
    private final Random random;

    RandomSessions(HarnessConfig config, Random workload, Random random) {
        this.config = config;
        this.workload = workload;
        this.random = random;
    }

    @Override
    List<Start> cars(Instant start) {
        List<Start> cars = new ArrayList<>(config.cars());
        for (int i = 0; i < config.cars(); i++) {
            double rate = config.minThroughput() + workload.nextDouble() * (config.maxThroughput()
                    - config.minThroughput());
            SimCar car = new SimCar("car-" + i, workload.nextDouble() < config.churnShare(),
                    workload.nextDouble() < config.slowCarShare(), rate);
            cars.add(new Start(car, Duration.ofMillis(workload.nextInt(60_000))));
        }
        return cars;
    }

    @Override
    Duration submission(int index) {
        return Duration.ofMillis(workload.nextInt(120_000));
    }

    @Override
    void park(SimCar car, Instant now) {
        double mean = car.churner ? config.meanParkedSeconds() / 6 : config.meanParkedSeconds();
        car.departure = now.plus(exponential(mean));
        long errorMillis = (long) (random.nextGaussian() * ESTIMATE_ERROR.toMillis());
        car.announcedDeparture = car.departure.plusMillis(errorMillis);
    }

    @Override
    Duration away(SimCar car, Instant now) {
        return exponential(config.meanDrivingSeconds());
    }

    private Duration exponential(double meanSeconds) {
        double draw = -Math.log(1 - random.nextDouble()) * meanSeconds;
        return Duration.ofMillis(Math.max(1, (long) (draw * 1000)));
    }
}
