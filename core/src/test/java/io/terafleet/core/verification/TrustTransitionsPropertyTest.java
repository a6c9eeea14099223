package io.terafleet.core.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.lifecycle.TransitionTable;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random verdict sequences drive cars through the trust state machine: every move made is in
 * the table, every move in the table is made (an unvisited transition fails the test), and the
 * rules hold at each step.
 */
class TrustTransitionsPropertyTest {

    @ParameterizedTest
    @ValueSource(longs = {3, 14, 15, 92, 65, 35})
    void randomVerdictsVisitEveryTransitionAndKeepTheRules(long seed) {
        var random = new Random(seed);
        Set<TransitionTable.Transition<TrustState>> visited = new HashSet<>();
        for (int carIndex = 0; carIndex < 200; carIndex++) {
            var rules = new AdaptiveReplication(true, 1 + random.nextInt(8), 0.5, 0.05, 1 + random.nextInt(4),
                    1 + random.nextInt(10));
            double honesty = random.nextDouble();
            CarTrust car = CarTrust.newCar("car-" + carIndex);
            for (int step = 0; step < 200; step++) {
                TrustUpdate update = nextVerdict(random, car, rules, honesty);
                TrustState from = car.state();
                for (TrustState to : update.moves()) {
                    assertThat(TrustState.TRANSITIONS.allows(from, to)).as(from + "->" + to).isTrue();
                    visited.add(new TransitionTable.Transition<>(from, to));
                    from = to;
                }
                assertThat(from).isEqualTo(update.after().state());
                checkRules(update, rules);
                car = update.after();
            }
        }
        assertThat(visited).as("every trust transition is visited")
                .containsExactlyInAnyOrderElementsOf(TrustState.TRANSITIONS.transitions());
    }

    private static TrustUpdate nextVerdict(Random random, CarTrust car, AdaptiveReplication rules, double honesty) {
        if (car.isQuarantined()) {
            return random.nextInt(10) == 0 ? car.reinstate() : car.onInvalid(rules);
        }
        return random.nextDouble() < honesty ? car.onValid(rules) : car.onInvalid(rules);
    }

    private static void checkRules(TrustUpdate update, AdaptiveReplication rules) {
        CarTrust after = update.after();
        if (after.state() == TrustState.TRUSTED) {
            assertThat(after.validStreak()).isGreaterThanOrEqualTo(rules.trustAfterValid());
        }
        if (after.totalInvalid() > update.before().totalInvalid() && !after.isQuarantined()) {
            assertThat(after.validStreak()).as("an invalid result ends the streak").isZero();
            assertThat(after.state()).isNotEqualTo(TrustState.TRUSTED);
        }
        if (update.quarantinedNow()) {
            assertThat(after.strikes()).isGreaterThanOrEqualTo(rules.quarantineAfterInvalid());
        }
    }
}
