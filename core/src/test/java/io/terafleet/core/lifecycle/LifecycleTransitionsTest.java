package io.terafleet.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.core.job.JobState;
import io.terafleet.core.unit.UnitState;
import io.terafleet.core.verification.TrustState;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every lifecycle's table: each listed move is allowed, every other move is refused. */
class LifecycleTransitionsTest {

    @Test
    void unitStateAllowsExactlyTheDocumentedMoves() {
        assertExactly(UnitState.TRANSITIONS, Set.of(
                "QUEUED->LEASED", "QUEUED->CANCELLED",
                "LEASED->QUEUED", "LEASED->COMPLETED", "LEASED->FAILED", "LEASED->CANCELLED"));
        assertThat(EnumSet.allOf(UnitState.class).stream().filter(UnitState::isTerminal))
                .containsExactlyInAnyOrder(UnitState.COMPLETED, UnitState.FAILED, UnitState.CANCELLED);
    }

    @Test
    void jobStateAllowsExactlyTheDocumentedMoves() {
        assertExactly(JobState.TRANSITIONS, Set.of(
                "VALIDATING->IN_PROGRESS", "VALIDATING->FAILED", "VALIDATING->CANCELLED",
                "IN_PROGRESS->FINALIZING", "IN_PROGRESS->CANCELLED", "IN_PROGRESS->EXPIRED",
                "FINALIZING->COMPLETED", "FINALIZING->FAILED"));
        assertThat(EnumSet.allOf(JobState.class).stream().filter(JobState::isTerminal))
                .containsExactlyInAnyOrder(JobState.COMPLETED, JobState.FAILED, JobState.CANCELLED, JobState.EXPIRED);
        assertThat(JobState.IN_PROGRESS.wireName()).isEqualTo("in_progress");
    }

    @Test
    void trustStateAllowsExactlyTheDocumentedMoves() {
        assertExactly(TrustState.TRANSITIONS, Set.of(
                "NEW->PROBATION", "NEW->QUARANTINED", "PROBATION->TRUSTED", "PROBATION->QUARANTINED",
                "TRUSTED->PROBATION", "TRUSTED->QUARANTINED", "QUARANTINED->NEW"));
    }

    @Test
    void refusedMoveNamesLifecycleAndStates() {
        assertThatThrownBy(() -> UnitState.COMPLETED.moveTo(UnitState.QUEUED))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessage("UnitState may not move from COMPLETED to QUEUED");
        assertThat(UnitState.QUEUED.moveTo(UnitState.LEASED)).isEqualTo(UnitState.LEASED);
    }

    private static <S extends Enum<S>> void assertExactly(TransitionTable<S> table, Set<String> expected) {
        Set<String> actual = new HashSet<>();
        table.transitions().forEach(t -> actual.add(t.toString()));
        assertThat(actual).isEqualTo(expected);
        for (S from : table.stateType().getEnumConstants()) {
            for (S to : table.stateType().getEnumConstants()) {
                assertThat(table.allows(from, to)).as(from + "->" + to).isEqualTo(expected.contains(from + "->" + to));
            }
        }
    }
}
