package io.terafleet.core.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CarTrustTest {
    private final AdaptiveReplication rules = new AdaptiveReplication(true, 5, 0.5, 0.05, 3, 4);
    private final VerificationPolicy policy = VerificationPolicy.embeddings().withAdaptive(rules);

    private CarTrust valid(CarTrust trust, int times) {
        for (int i = 0; i < times; i++) {
            trust = trust.onValid(rules).after();
        }
        return trust;
    }

    @Test
    void aStreakOfValidResultsEarnsTrust() {
        var first = CarTrust.newCar("car-1").onValid(rules);
        assertThat(first.moves()).containsExactly(TrustState.PROBATION);

        CarTrust almost = valid(first.after(), 3);
        assertThat(almost.state()).isEqualTo(TrustState.PROBATION);
        var fifth = almost.onValid(rules);
        assertThat(fifth.moves()).containsExactly(TrustState.TRUSTED);
        assertThat(fifth.after().validStreak()).isEqualTo(5);
        assertThat(fifth.after().totalValid()).isEqualTo(5);
    }

    @Test
    void oneInvalidResultCostsTrustAndTheStreak() {
        CarTrust trusted = valid(CarTrust.newCar("car-1"), 6);
        var update = trusted.onInvalid(rules);

        assertThat(update.moves()).containsExactly(TrustState.PROBATION);
        assertThat(update.after().validStreak()).isZero();
        assertThat(update.after().strikes()).isEqualTo(1);
        assertThat(update.quarantinedNow()).isFalse();
    }

    @Test
    void repeatedInvalidResultsQuarantineAndOnlyAnOperatorLiftsIt() {
        CarTrust car = CarTrust.newCar("car-1");
        car = car.onInvalid(rules).after();
        car = car.onInvalid(rules).after();
        assertThat(car.state()).isEqualTo(TrustState.NEW);
        var third = car.onInvalid(rules);

        assertThat(third.quarantinedNow()).isTrue();
        assertThat(third.moves()).containsExactly(TrustState.QUARANTINED);
        CarTrust quarantined = third.after();
        assertThat(quarantined.onValid(rules).after()).isEqualTo(quarantined);
        assertThat(quarantined.onInvalid(rules).quarantinedNow()).isFalse();

        var reinstated = quarantined.reinstate();
        assertThat(reinstated.moves()).containsExactly(TrustState.NEW);
        assertThat(reinstated.after().strikes()).isZero();
        assertThat(reinstated.after().totalInvalid()).isEqualTo(3);
    }

    @Test
    void validStreaksForgiveStrikesSlowly() {
        CarTrust car = CarTrust.newCar("car-1").onInvalid(rules).after().onInvalid(rules).after();
        assertThat(valid(car, 3).strikes()).isEqualTo(2);
        assertThat(valid(car, 4).strikes()).isEqualTo(1);
        assertThat(valid(car, 8).strikes()).isZero();
    }

    @Test
    void quarantinedCarsGetNoWorkAndUntrustedOnesTheFullReplication() {
        var random = new SplittableRandom(1);
        CarTrust quarantined = new CarTrust("car-q", TrustState.QUARANTINED, 0, 3, 0, 3);

        assertThat(AdaptiveReplicas.replicasFor(quarantined, policy, random)).isZero();
        assertThat(AdaptiveReplicas.replicasFor(CarTrust.newCar("car-n"), policy, random)).isEqualTo(2);
        assertThat(AdaptiveReplicas.replicasFor(valid(CarTrust.newCar("c"), 2), policy, random)).isEqualTo(2);
        CarTrust trusted = valid(CarTrust.newCar("car-t"), 50);
        assertThat(AdaptiveReplicas.replicasFor(trusted, policy.withAdaptive(rules.withEnabled(false)), random))
                .isEqualTo(2);
    }

    @Test
    void spotChecksFallAsTheStreakGrowsDownToTheFloor() {
        CarTrust justTrusted = valid(CarTrust.newCar("car-1"), 5);
        CarTrust twice = valid(justTrusted, 5);
        CarTrust long1 = valid(justTrusted, 500);

        assertThat(AdaptiveReplicas.spotCheckProbability(justTrusted, rules)).isEqualTo(0.5);
        assertThat(AdaptiveReplicas.spotCheckProbability(twice, rules)).isEqualTo(0.25);
        assertThat(AdaptiveReplicas.spotCheckProbability(long1, rules)).isEqualTo(0.05);
        assertThat(AdaptiveReplicas.spotCheckProbability(CarTrust.newCar("n"), rules)).isEqualTo(1);

        for (CarTrust car : List.of(justTrusted, long1)) {
            var random = new SplittableRandom(99);
            int checked = 0;
            for (int i = 0; i < 20_000; i++) {
                int k = AdaptiveReplicas.replicasFor(car, policy, random);
                assertThat(k).isIn(1, 2);
                checked += k == 2 ? 1 : 0;
            }
            double expected = AdaptiveReplicas.spotCheckProbability(car, rules);
            assertThat(checked / 20_000.0).as("spot-check rate").isBetween(expected - 0.02, expected + 0.02);
        }
    }
}
