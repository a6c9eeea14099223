package io.terafleet.core.lifecycle;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The allowed transitions of one lifecycle (work unit, job, lease, ...), as data.
 *
 * <p>Every lifecycle in Terafleet is an enum of states plus one of these tables, so that the
 * legal moves are written down in one place, checked at every state change, and enumerable by
 * tests that must visit each of them.
 */
public final class TransitionTable<S extends Enum<S>> {
    private final Class<S> type;
    private final Map<S, Set<S>> allowed;
    /** Moves that actually happened in this JVM, so that a test can fail on a transition nothing exercised. */
    private final Set<Transition<S>> visited = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private TransitionTable(Class<S> type, Map<S, Set<S>> allowed) {
        this.type = type;
        this.allowed = allowed;
    }

    public static <S extends Enum<S>> Builder<S> of(Class<S> type) {
        return new Builder<>(type);
    }

    public boolean allows(S from, S to) {
        return allowed.get(from).contains(to);
    }

    /** Throws {@link IllegalTransitionException} unless {@code from -> to} is in the table. */
    public S require(S from, S to) {
        if (!allows(from, to)) {
            throw new IllegalTransitionException(type.getSimpleName(), from.name(), to.name());
        }
        return to;
    }

    /**
     * Notes that a stored entity really moved {@code from -> to} (callers record a move once it is written).
     *
     * @throws IllegalTransitionException unless the move is in the table
     */
    public void recordVisit(S from, S to) {
        require(from, to);
        visited.add(new Transition<>(from, to));
    }

    /** The transitions recorded by {@link #recordVisit} so far in this JVM. */
    public Set<Transition<S>> visited() {
        return Set.copyOf(visited);
    }

    public Set<S> targetsOf(S from) {
        return Collections.unmodifiableSet(allowed.get(from));
    }

    public boolean isTerminal(S state) {
        return allowed.get(state).isEmpty();
    }

    /** All (from, to) pairs, for tests that must cover each one. */
    public Set<Transition<S>> transitions() {
        var all = new java.util.LinkedHashSet<Transition<S>>();
        allowed.forEach((from, tos) -> tos.forEach(to -> all.add(new Transition<>(from, to))));
        return Collections.unmodifiableSet(all);
    }

    public Class<S> stateType() {
        return type;
    }

    public record Transition<S extends Enum<S>>(S from, S to) {
        @Override
        public String toString() {
            return from + "->" + to;
        }
    }

    public static final class Builder<S extends Enum<S>> {
        private final Class<S> type;
        private final Map<S, EnumSet<S>> allowed;

        private Builder(Class<S> type) {
            this.type = type;
            this.allowed = new EnumMap<>(type);
            for (S s : type.getEnumConstants()) {
                allowed.put(s, EnumSet.noneOf(type));
            }
        }

        @SafeVarargs
        public final Builder<S> from(S from, S... to) {
            allowed.get(from).addAll(java.util.List.of(to));
            return this;
        }

        public TransitionTable<S> build() {
            Map<S, Set<S>> copy = new EnumMap<>(type);
            allowed.forEach((from, to) -> copy.put(from, Collections.unmodifiableSet(EnumSet.copyOf(to))));
            return new TransitionTable<>(type, copy);
        }
    }
}
