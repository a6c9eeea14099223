package io.terafleet.core.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VerificationPolicyTest {
    private final VerificationPolicy base = VerificationPolicy.embeddings();

    @Test
    void defaultsTolerateInt8BatchPadding() {
        assertThat(base.output()).isEqualTo(new OutputKind.Embedding(0.98));
        assertThat(base.replication()).isEqualTo(2);
        assertThat(base.adaptive().enabled()).isTrue();
        assertThat(VerificationPolicy.none(new OutputKind.ClassLabel()).replication()).isEqualTo(1);
    }

    @Test
    void everyBadFieldIsNamed() {
        assertThatThrownBy(() -> base.withReplication(0, 3)).hasMessageStartingWith("replication:");
        assertThatThrownBy(() -> base.withReplication(3, 2)).hasMessageStartingWith("maxReplicas:");
        assertThatThrownBy(() -> base.withReplication(2, 17)).hasMessageStartingWith("maxReplicas:");
        assertThatThrownBy(() -> base.withReplication(1, 1)).hasMessageStartingWith("replication:")
                .hasMessageContaining("adaptive");
        assertThatThrownBy(() -> base.withCanaryRate(0.6)).hasMessageStartingWith("canaryRate:");
        assertThatThrownBy(() -> base.withCanaryRate(Double.NaN)).hasMessageStartingWith("canaryRate:");
        assertThatThrownBy(() -> base.withOutput(null)).hasMessageStartingWith("output:");
        assertThatThrownBy(() -> base.withAdaptive(null)).hasMessageStartingWith("adaptive:");
        assertThatThrownBy(() -> new OutputKind.Embedding(1.01)).hasMessageStartingWith("minCosine:");
        assertThatThrownBy(() -> new OutputKind.Tensor(-1, 0)).hasMessageStartingWith("absTolerance:");
        assertThatThrownBy(() -> new OutputKind.Tensor(0, 1)).hasMessageStartingWith("relTolerance:");
        assertThatThrownBy(() -> new OutputKind.Tensor(0, 0)).hasMessageStartingWith("absTolerance:");
        assertThatThrownBy(() -> new AdaptiveReplication(true, 0, 0.5, 0.05, 3, 50)).hasMessageStartingWith("trustAfterValid:");
        assertThatThrownBy(() -> new AdaptiveReplication(true, 5, 0, 0.05, 3, 50)).hasMessageStartingWith("spotCheckInitial:");
        assertThatThrownBy(() -> new AdaptiveReplication(true, 5, 0.5, 0, 3, 50)).hasMessageStartingWith("spotCheckFloor:");
        assertThatThrownBy(() -> new AdaptiveReplication(true, 5, 0.5, 0.6, 3, 50)).hasMessageStartingWith("spotCheckFloor:");
        assertThatThrownBy(() -> new AdaptiveReplication(true, 5, 0.5, 0.05, 0, 50)).hasMessageStartingWith("quarantineAfterInvalid:");
        assertThatThrownBy(() -> new AdaptiveReplication(true, 5, 0.5, 0.05, 3, 0)).hasMessageStartingWith("strikeDecayValid:");
    }

    @Test
    void withoutAdaptiveReplicationOneReplicaIsAllowed() {
        var single = base.withAdaptive(AdaptiveReplication.off()).withReplication(1, 1);
        assertThat(single.replication()).isEqualTo(1);
        assertThat(single.comparator().kind()).isEqualTo(base.output());
    }
}
