package io.terafleet.core.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuorumTest {
    private final Random random = new Random(42);
    private final float[] truth = TestVectors.unit(random);
    private final Quorum quorum = Quorum.of(VerificationPolicy.embeddings());

    private ReplicaResult honest(String n) {
        return new ReplicaResult("r-" + n, "car-" + n, "owner-" + n, "HW3", TestVectors.atCosine(truth, 0.995, random));
    }

    private ReplicaResult wrong(String n) {
        return new ReplicaResult("r-" + n, "car-" + n, "owner-" + n, "HW4", TestVectors.unit(random));
    }

    @Test
    void aSingleReplicaIsAcceptedWhenOneIsTheTarget() {
        var decision = quorum.decide(List.of(honest("a")), 1);

        assertThat(decision).isInstanceOfSatisfying(QuorumDecision.Agreed.class, agreed -> {
            assertThat(agreed.valid()).hasSize(1);
            assertThat(agreed.invalid()).isEmpty();
        });
    }

    @Test
    void nothingIsDecidedBeforeTheTargetIsIn() {
        assertThat(quorum.decide(List.of(), 2)).isEqualTo(new QuorumDecision.NeedMore<>(2, "0 of 2 replicas in"));
        assertThat(quorum.decide(List.of(honest("a")), 2)).isInstanceOfSatisfying(QuorumDecision.NeedMore.class,
                more -> assertThat(more.additional()).isEqualTo(1));
    }

    @Test
    void twoAgreeingReplicasAreAccepted() {
        var a = honest("a");
        var b = honest("b");

        var decision = (QuorumDecision.Agreed<ReplicaResult>) quorum.decide(List.of(a, b), 2);

        assertThat(decision.valid()).containsExactlyInAnyOrder(a, b);
        assertThat(decision.canonical()).isIn(a, b);
    }

    @Test
    void aDisagreementAsksForOneMoreAndTheThirdDecides() {
        var a = honest("a");
        var x = wrong("x");
        assertThat(quorum.decide(List.of(a, x), 2)).isInstanceOfSatisfying(QuorumDecision.NeedMore.class,
                more -> assertThat(more.additional()).isEqualTo(1));

        var b = honest("b");
        var decision = (QuorumDecision.Agreed<ReplicaResult>) quorum.decide(List.of(a, x, b), 2);

        assertThat(decision.valid()).containsExactlyInAnyOrder(a, b);
        assertThat(decision.invalid()).containsExactly(x);
        assertThat(TestVectors.cosine(decision.canonical().vector(), truth)).isGreaterThan(0.99);
    }

    @Test
    void withoutAMajorityByTheLimitThereIsNoConsensus() {
        var small = new Quorum(VerificationPolicy.embeddings().comparator(), 3);
        var decision = small.decide(List.of(wrong("x"), wrong("y"), wrong("z")), 2);

        assertThat(decision).isInstanceOfSatisfying(QuorumDecision.NoConsensus.class,
                none -> assertThat(none.replicas()).hasSize(3));
        assertThat(quorum.decide(List.of(wrong("x"), wrong("y"), wrong("z")), 2))
                .isInstanceOfSatisfying(QuorumDecision.NeedMore.class, more -> assertThat(more.additional()).isEqualTo(2));
    }

    @Test
    void onlyTheFirstReplicaOfEachOwnerCounts() {
        var a = honest("a");
        var liar1 = new ReplicaResult("r-l1", "car-l1", "mallory", "HW3", TestVectors.unit(random));
        var liar2 = new ReplicaResult("r-l2", "car-l2", "mallory", "HW3", liar1.vector());
        var b = honest("b");

        var decision = (QuorumDecision.Agreed<ReplicaResult>) quorum.decide(List.of(a, liar1, liar2, b), 2);

        assertThat(decision.valid()).containsExactlyInAnyOrder(a, b);
        assertThat(decision.invalid()).containsExactly(liar1);
        assertThat(decision.ignored()).containsExactly(liar2);
    }

    @Test
    void aCarMayTakeAReplicaOnlyForAnOwnerNotYetHoldingOne() {
        assertThat(Replicas.mayTakeReplica("alice", Set.of())).isTrue();
        assertThat(Replicas.mayTakeReplica("alice", Set.of("bob"))).isTrue();
        assertThat(Replicas.mayTakeReplica("alice", Set.of("bob", "alice"))).isFalse();
        assertThat(Replicas.mayTakeReplica(null, Set.of())).isFalse();
    }

    @Test
    void wholeUnitsAreDecidedTogether() {
        float[] second = TestVectors.unit(random);
        var a = new UnitReplica("ra", "car-a", "oa", "HW3", List.of(truth, second));
        var b = new UnitReplica("rb", "car-b", "ob", "HW4",
                List.of(TestVectors.atCosine(truth, 0.99, random), TestVectors.atCosine(second, 0.99, random)));
        var c = new UnitReplica("rc", "car-c", "oc", "HW3", List.of(truth, TestVectors.unit(random)));

        var decision = (QuorumDecision.Agreed<UnitReplica>) quorum.decideUnit(List.of(a, c, b), 2);

        assertThat(decision.valid()).containsExactlyInAnyOrder(a, b);
        assertThat(decision.invalid()).containsExactly(c);
    }

    @Test
    void aTargetOutsideTheLimitIsRefused() {
        assertThatThrownBy(() -> quorum.decide(List.of(), 0)).hasMessageStartingWith("target:");
        assertThatThrownBy(() -> quorum.decide(List.of(), 6)).hasMessageStartingWith("target:");
    }
}
