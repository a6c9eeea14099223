package io.terafleet.core.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides which work a car asking for a lease gets, and how large each unit is. Pure: the caller reads the queue
 * and the tenants' live usage from the store, passes the time in, and leases what this returns, in order.
 *
 * <p>Order, most significant first:
 * <ol>
 *   <li>priority class: online before batch;</li>
 *   <li>urgency: jobs whose deadline is within {@link SchedulingPolicy#urgencyHorizon()}, earliest first;</li>
 *   <li>model affinity: models the car already holds before models it would have to load;</li>
 *   <li>weighted fair share: the tenant with the least live work per unit of weight first, so that one large
 *       tenant cannot starve the others;</li>
 *   <li>earliest deadline, then oldest job, then job id (a total order: the same inputs give the same answer).</li>
 * </ol>
 * Work the car must not take is left out with its {@link Skip} reason: a model it cannot run, hardware below the
 * model's needs, a model download over cellular, or no unit that fits before its departure.
 */
public final class Scheduler {
    /**
     * One job the car may take work from, and the most inputs a unit of it may hold on this car.
     *
     * @param generation whether the job's inputs are prompts to generate answers for
     */
    public record Choice(String jobId, String model, int maxInputsPerUnit, boolean generation) {
        public Choice(String jobId, String model, int maxInputsPerUnit) {
            this(jobId, model, maxInputsPerUnit, false);
        }
    }

    /** The ranked choices, and the jobs left out with why. */
    public record Decision(List<Choice> choices, Map<String, Skip> skipped) {
        public boolean hasWork() {
            return !choices.isEmpty();
        }
    }

    private final SchedulingPolicy policy;

    public Scheduler(SchedulingPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy: must be set");
    }

    public SchedulingPolicy policy() {
        return policy;
    }

    /**
     * @param liveInputsByTenant inputs now leased per tenant (absent: none)
     * @param largestUnit        the largest unit size to cut from (units are never grown, only cut)
     */
    public Decision decide(CarProfile car, List<QueuedWork> queue, Map<String, Long> liveInputsByTenant,
                           int largestUnit, Instant now) {
        Map<String, Skip> skipped = new LinkedHashMap<>();
        List<Ranked> ranked = new ArrayList<>(queue.size());
        for (QueuedWork work : queue) {
            Skip skip = skipReason(car, work);
            int size = skip == null ? sizeFor(car, work, largestUnit) : 0;
            if (skip == null && size == 0) {
                skip = Skip.DEPARTURE;
            }
            if (skip != null) {
                skipped.put(work.jobId(), skip);
                continue;
            }
            double share = liveInputsByTenant.getOrDefault(work.tenant(), 0L) / work.weight();
            ranked.add(new Ranked(work, size, urgent(work, now), car.holds(work.model()), share));
        }
        ranked.sort(ORDER);
        List<Choice> choices = ranked.stream()
                .map(r -> new Choice(r.work.jobId(), r.work.model(), r.size, r.work.generation()))
                .toList();
        return new Decision(choices, skipped);
    }

    /** Counts of skipped jobs by reason, for metrics and explanations. */
    public static Map<Skip, Integer> countSkips(Decision decision) {
        Map<Skip, Integer> counts = new EnumMap<>(Skip.class);
        decision.skipped().values().forEach(s -> counts.merge(s, 1, Integer::sum));
        return counts;
    }

    /**
     * Inputs of the job that fit this car: for a generation job a token budget, the car's tokens per second
     * times the time it has (the unit target, cut by its departure), spent at the job's most tokens per answer.
     */
    private int sizeFor(CarProfile car, QueuedWork work, int largestUnit) {
        if (!work.generation()) {
            return policy.sizing().inputsFor(largestUnit, car.throughput(), car.availableSeconds());
        }
        double tokensPerSecond = car.tokensPerSecond() != null && car.tokensPerSecond() > 0
                ? car.tokensPerSecond() : FALLBACK_TOKENS_PER_SECOND;
        return policy.sizing().inputsFor(largestUnit, tokensPerSecond / work.tokensPerInput(),
                car.availableSeconds());
    }

    /** Tokens per second assumed for a car that has not generated a unit yet: a small model on a car's CPU. */
    public static final double FALLBACK_TOKENS_PER_SECOND = 50;

    private static Skip skipReason(CarProfile car, QueuedWork work) {
        if (!car.canRun(work.model())) {
            return Skip.MODEL_NOT_RUNNABLE;
        }
        if (!car.hardware().satisfies(work.requirements())) {
            return Skip.HARDWARE;
        }
        if (car.onCellular() && !car.holds(work.model())) {
            return Skip.NO_DOWNLOAD_ON_CELLULAR;
        }
        return null;
    }

    private boolean urgent(QueuedWork work, Instant now) {
        return work.deadline() != null
                && Duration.between(now, work.deadline()).compareTo(policy.urgencyHorizon()) <= 0;
    }

    /** Sort keys computed once per job, compared without boxing (the decision runs on every lease request). */
    private record Ranked(QueuedWork work, int size, boolean urgent, boolean cached, double share) {
        long deadlineMillis() {
            return work.deadline() == null ? Long.MAX_VALUE : work.deadline().toEpochMilli();
        }
    }

    private static final Comparator<Ranked> ORDER = (a, b) -> {
        int c = a.work.priority().compareTo(b.work.priority());
        if (c != 0) {
            return c;
        }
        c = Boolean.compare(!a.urgent, !b.urgent);
        if (c != 0) {
            return c;
        }
        if (a.urgent) {
            c = Long.compare(a.deadlineMillis(), b.deadlineMillis());
            if (c != 0) {
                return c;
            }
        }
        c = Boolean.compare(!a.cached, !b.cached);
        if (c != 0) {
            return c;
        }
        c = Double.compare(a.share, b.share);
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.deadlineMillis(), b.deadlineMillis());
        if (c != 0) {
            return c;
        }
        c = a.work.createdAt().compareTo(b.work.createdAt());
        return c != 0 ? c : a.work.jobId().compareTo(b.work.jobId());
    };
}
