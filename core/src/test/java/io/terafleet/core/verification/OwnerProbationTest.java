package io.terafleet.core.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.core.lifecycle.IllegalTransitionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OwnerProbationTest {
    private static final Instant FIRST_CAR = Instant.parse("2030-01-01T00:00:00Z");
    private final OwnerProbation rules = OwnerProbation.defaults();

    @Test
    void probationEndsOnlyWhenTheFirstCarIsOldEnoughAndEnoughUnitsWereVerified() {
        Instant week = FIRST_CAR.plus(Duration.ofDays(7));
        assertThat(rules.standing(OwnerStanding.PROBATION, FIRST_CAR, 1_000, week.minusSeconds(1)))
                .as("too young").isEqualTo(OwnerStanding.PROBATION);
        assertThat(rules.standing(OwnerStanding.PROBATION, FIRST_CAR, 19, week.plus(Duration.ofDays(30))))
                .as("too few verified units").isEqualTo(OwnerStanding.PROBATION);
        assertThat(rules.standing(OwnerStanding.PROBATION, FIRST_CAR, 20, week)).isEqualTo(OwnerStanding.TRUSTED);
        assertThat(rules.standing(OwnerStanding.QUARANTINED, FIRST_CAR, 20, week))
                .as("quarantine does not end by itself").isEqualTo(OwnerStanding.QUARANTINED);
    }

    @Test
    void aQuarantinedCarQuarantinesItsOwnerWhateverTheirStanding() {
        assertThat(OwnerProbation.onCarQuarantined(OwnerStanding.PROBATION)).isEqualTo(OwnerStanding.QUARANTINED);
        assertThat(OwnerProbation.onCarQuarantined(OwnerStanding.TRUSTED)).isEqualTo(OwnerStanding.QUARANTINED);
        assertThat(OwnerProbation.onCarQuarantined(OwnerStanding.QUARANTINED)).isEqualTo(OwnerStanding.QUARANTINED);
        assertThatThrownBy(() -> OwnerStanding.QUARANTINED.moveTo(OwnerStanding.TRUSTED))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> OwnerStanding.TRUSTED.moveTo(OwnerStanding.PROBATION))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void settingsAreCheckedNamingTheField() {
        assertThatThrownBy(() -> new OwnerProbation(Duration.ofDays(-1), 1, 0.1)).hasMessageStartingWith("minAge:");
        assertThatThrownBy(() -> new OwnerProbation(Duration.ZERO, -1, 0.1)).hasMessageStartingWith("minVerifiedUnits:");
        assertThatThrownBy(() -> new OwnerProbation(Duration.ZERO, 1, 0.6)).hasMessageStartingWith("canaryRate:");
    }

    @Test
    void ownersOnProbationNeverMakeAQuorumAmongThemselves() {
        Random random = new Random(3);
        float[] truth = TestVectors.unit(random);
        Quorum quorum = new Quorum(VerificationPolicy.embeddings().comparator(), 3);
        var alice = new ReplicaResult("r-a", "car-a", "alice", "HW3", TestVectors.atCosine(truth, 0.995, random));
        var bob = new ReplicaResult("r-b", "car-b", "bob", "HW3", TestVectors.atCosine(truth, 0.995, random));
        var fleet = new ReplicaResult("r-f", "car-f", "fleet", "HW3", TestVectors.atCosine(truth, 0.995, random));
        var mallory = new ReplicaResult("r-m", "car-m", "mallory", "HW3", TestVectors.unit(random));

        assertThat(quorum.decide(List.of(alice, bob), 2, owner -> !owner.equals("fleet")))
                .isEqualTo(new QuorumDecision.NeedMore<>(1, "agreement only among owners on probation"));
        assertThat(quorum.decide(List.of(alice, bob, fleet), 2, owner -> !owner.equals("fleet")))
                .isInstanceOfSatisfying(QuorumDecision.Agreed.class, agreed -> assertThat(agreed.valid()).hasSize(3));
        assertThat(quorum.decide(List.of(alice, bob, mallory), 2, owner -> true))
                .as("the replica limit is reached").isInstanceOf(QuorumDecision.NoConsensus.class);
        assertThat(quorum.decide(List.of(alice, bob), 2, owner -> false))
                .as("nobody on probation: as before").isInstanceOf(QuorumDecision.Agreed.class);
    }
}
