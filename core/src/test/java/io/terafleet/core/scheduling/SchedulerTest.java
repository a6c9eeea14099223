package io.terafleet.core.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final Scheduler SCHEDULER = new Scheduler(SchedulingPolicy.DEFAULT);
    private static final CarProfile CAR = new CarProfile("car", HardwareClass.HW3, Set.of(), Set.of("m"), 10.0, null,
            false);

    private static QueuedWork work(String job, String tenant, PriorityClass p, Instant deadline, String model) {
        return new QueuedWork(job, tenant, p, deadline, NOW.minusSeconds(job.hashCode() & 0xff), model,
                ModelRequirements.NONE, 100, 1.0);
    }

    private static List<String> order(CarProfile car, List<QueuedWork> queue, Map<String, Long> live) {
        return SCHEDULER.decide(car, queue, live, 64, NOW).choices().stream().map(Scheduler.Choice::jobId).toList();
    }

    @Test
    void onlineComesBeforeBatchWhateverElse() {
        var batch = work("b", "t1", PriorityClass.BATCH, NOW.plusSeconds(60), "m");
        var online = work("o", "t2", PriorityClass.ONLINE, null, "other");
        assertThat(order(CAR, List.of(batch, online), Map.of("t2", 1_000L))).containsExactly("o", "b");
    }

    @Test
    void urgentDeadlinesGoFirstEarliestFirst() {
        var relaxed = work("r", "t1", PriorityClass.BATCH, NOW.plus(Duration.ofDays(1)), "m");
        var soon = work("s", "t2", PriorityClass.BATCH, NOW.plusSeconds(600), "other");
        var sooner = work("ss", "t3", PriorityClass.BATCH, NOW.plusSeconds(300), "other");
        assertThat(order(CAR, List.of(relaxed, soon, sooner), Map.of())).containsExactly("ss", "s", "r");
    }

    @Test
    void cachedModelsComeBeforeModelsTheCarMustLoad() {
        var uncached = work("u", "t1", PriorityClass.BATCH, null, "other");
        var cached = work("c", "t2", PriorityClass.BATCH, null, "m");
        assertThat(order(CAR, List.of(uncached, cached), Map.of())).containsExactly("c", "u");
    }

    @Test
    void fairShareFavoursTheTenantWithLeastLiveWorkPerWeight() {
        var big = work("big", "big", PriorityClass.BATCH, null, "m");
        var small = work("small", "small", PriorityClass.BATCH, null, "m");
        assertThat(order(CAR, List.of(big, small), Map.of("big", 500L, "small", 10L))).containsExactly("small", "big");
        var heavy = new QueuedWork("big", "big", PriorityClass.BATCH, null, NOW, "m", ModelRequirements.NONE, 100,
                100.0);
        assertThat(order(CAR, List.of(heavy, small), Map.of("big", 500L, "small", 10L)))
                .containsExactly("big", "small");
    }

    @Test
    void workTheCarMustNotTakeIsSkippedWithItsReason() {
        var needsHw4 = new QueuedWork("hw4", "t", PriorityClass.BATCH, null, NOW, "m",
                new ModelRequirements(12_000, 4), 100, 1.0);
        var download = work("dl", "t", PriorityClass.BATCH, null, "other");
        var cellular = new CarProfile("car", HardwareClass.HW3, Set.of(), Set.of("m"), 10.0, null, true);
        var decision = SCHEDULER.decide(cellular, List.of(needsHw4, download), Map.of(), 64, NOW);
        assertThat(decision.hasWork()).isFalse();
        assertThat(decision.skipped()).containsEntry("hw4", Skip.HARDWARE).containsEntry("dl",
                Skip.NO_DOWNLOAD_ON_CELLULAR);
        var onlyM = new CarProfile("car", HardwareClass.HW4, Set.of("m"), Set.of(), 10.0, null, false);
        assertThat(SCHEDULER.decide(onlyM, List.of(download), Map.of(), 64, NOW).skipped())
                .containsEntry("dl", Skip.MODEL_NOT_RUNNABLE);
    }

    @Test
    void unitsAreCutToTheTargetTimeAndToEndBeforeDeparture() {
        var job = work("j", "t", PriorityClass.BATCH, null, "m");
        // 10 inputs/s × 30 s target = 300 > 64: the whole unit.
        assertThat(SCHEDULER.decide(CAR, List.of(job), Map.of(), 64, NOW).choices().getFirst().maxInputsPerUnit())
                .isEqualTo(64);
        // Leaves in 63 s: 63 - 60 s margin = 3 s × 10/s = 30 inputs.
        var leaving = new CarProfile("car", HardwareClass.HW3, Set.of(), Set.of("m"), 10.0, 63L, false);
        assertThat(SCHEDULER.decide(leaving, List.of(job), Map.of(), 64, NOW).choices().getFirst()
                .maxInputsPerUnit()).isEqualTo(30);
        var gone = new CarProfile("car", HardwareClass.HW3, Set.of(), Set.of("m"), 10.0, 30L, false);
        assertThat(SCHEDULER.decide(gone, List.of(job), Map.of(), 64, NOW).skipped()).containsEntry("j",
                Skip.DEPARTURE);
        var fixed = new Scheduler(SchedulingPolicy.DEFAULT.withSizing(UnitSizing.FIXED));
        assertThat(fixed.decide(gone, List.of(job), Map.of(), 64, NOW).choices().getFirst().maxInputsPerUnit())
                .isEqualTo(64);
    }

    @Test
    void retryBackoffDoublesUpToItsCapAndTheFirstReleaseIsImmediate() {
        RetryPolicy retry = new RetryPolicy(5, 3, Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(retry.delayAfterExpiry(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.delayAfterExpiry(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(retry.delayAfterExpiry(10)).isEqualTo(Duration.ofSeconds(5));
        assertThat(retry.delayAfterRelease(1)).isZero();
        assertThat(retry.delayAfterRelease(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.attemptsExhausted(5)).isTrue();
        assertThat(retry.releasesExhausted(2)).isFalse();
        assertThatThrownBy(() -> new RetryPolicy(0, 1, Duration.ZERO, Duration.ZERO))
                .hasMessageStartingWith("maxAttempts:");
        assertThatThrownBy(() -> new UnitSizing(true, Duration.ZERO, Duration.ZERO, 1, 1))
                .hasMessageStartingWith("targetUnitTime:");
    }

    @Test
    void aGenerationJobsUnitsHoldTheAnswersTheCarsTokenRateDecodesBeforeItMustStop() {
        var prompts = new QueuedWork("gen", "t", PriorityClass.BATCH, null, NOW, "m", ModelRequirements.NONE, 500, 1,
                64);
        // 30 s target at 128 tokens/s = 3,840 tokens = 60 answers of at most 64 tokens.
        var fast = new CarProfile("fast", HardwareClass.HW3, Set.of(), Set.of("m"), null, null, false, 128.0);
        assertThat(SCHEDULER.decide(fast, List.of(prompts), Map.of(), 500, NOW).choices().getFirst())
                .isEqualTo(new Scheduler.Choice("gen", "m", 60, true));
        // 40 s to its departure, less the 60 s margin: no answer fits before the owner needs the car.
        var leaving = new CarProfile("leaving", HardwareClass.HW3, Set.of(), Set.of("m"), null, 40L, false, 128.0);
        assertThat(SCHEDULER.decide(leaving, List.of(prompts), Map.of(), 500, NOW).skipped())
                .containsEntry("gen", Skip.DEPARTURE);
        // Not measured yet: the fallback rate, 50 tokens/s for 30 s = 23 answers of 64 tokens.
        var fresh = new CarProfile("fresh", HardwareClass.HW3, Set.of(), Set.of("m"), 10.0, null, false);
        assertThat(SCHEDULER.decide(fresh, List.of(prompts), Map.of(), 500, NOW).choices().getFirst()
                .maxInputsPerUnit()).isEqualTo(23);
        // The job's unit size still caps the cut.
        assertThat(SCHEDULER.decide(fast, List.of(prompts), Map.of(), 16, NOW).choices().getFirst()
                .maxInputsPerUnit()).isEqualTo(16);
    }
}
