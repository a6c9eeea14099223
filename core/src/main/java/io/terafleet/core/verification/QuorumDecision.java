package io.terafleet.core.verification;

import java.util.List;

/** What the replicas of one piece of work add up to. */
public sealed interface QuorumDecision<R extends Replica> {

    /**
     * A strict majority agrees. {@code canonical} is the answer to keep (the replica that agrees with
     * the most others, the closest on a tie); {@code valid} agree with it (the canonical included) and
     * their owners are paid; {@code invalid} disagree and count against their cars' trust;
     * {@code ignored} were further replicas from an owner already counted, neither paid nor held against.
     */
    record Agreed<R extends Replica>(R canonical, List<R> valid, List<R> invalid, List<R> ignored)
            implements QuorumDecision<R> {
        public Agreed {
            valid = List.copyOf(valid);
            invalid = List.copyOf(invalid);
            ignored = List.copyOf(ignored);
        }
    }

    /** Not decided yet: lease {@code additional} more replicas (to cars of other owners) and decide again. */
    record NeedMore<R extends Replica>(int additional, String reason) implements QuorumDecision<R> {
    }

    /** The replica budget is spent without a majority: the work fails (or is re-run by the platform). */
    record NoConsensus<R extends Replica>(List<R> replicas, String reason) implements QuorumDecision<R> {
        public NoConsensus {
            replicas = List.copyOf(replicas);
        }
    }
}
