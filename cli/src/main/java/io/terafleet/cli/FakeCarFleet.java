package io.terafleet.cli;

import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.intake.ParsedInputs;
import io.terafleet.core.api.CompleteBatchRequest;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.EnrollRequest;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeaseResponse;
import io.terafleet.core.api.LeasedUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * N fake cars on the agent API of a real coordinator over HTTP: each leases up to {@code batch} units per call and
 * completes them at once with a result of the right shape per input (a vector of {@code dimensions} floats), in one
 * {@code complete-batch} call that, pipelined, also asks for the next lease (or, with a batch of 1, one unit per lease
 * and per {@code complete}, as an older agent does), while a filler keeps the queue at its depth by submitting jobs. No inference: what is measured is the
 * control plane.
 */
final class FakeCarFleet {
    /** What the cars did while measured. */
    record Result(long units, long inputs, long leases, double seconds, long[] leaseNanosSorted, long errors,
                  long allUnits) {
        double unitsPerSecond() {
            return units / seconds;
        }

        double inputsPerSecond() {
            return inputs / seconds;
        }

        double leaseP50Millis() {
            return percentile(50);
        }

        double leaseP99Millis() {
            return percentile(99);
        }

        private double percentile(double p) {
            if (leaseNanosSorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100 * leaseNanosSorted.length) - 1;
            return leaseNanosSorted[Math.max(0, Math.min(leaseNanosSorted.length - 1, index))] / 1e6;
        }
    }

    private final Coordinator coordinator;
    private final String enrollmentToken;
    private final String model;
    private final float[] vector;
    private final int batch;
    /** Each complete-batch call also asks for the next lease: one round trip per batch after the first. */
    private final boolean pipelined;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicBoolean measuring = new AtomicBoolean();
    private final LongAdder units = new LongAdder();
    private final LongAdder inputs = new LongAdder();
    private final LongAdder doneInputs = new LongAdder();
    /** Units completed over the whole run, warm-up included (what the store's counters count over). */
    private final LongAdder doneUnits = new LongAdder();
    private final LongAdder errors = new LongAdder();

    FakeCarFleet(Coordinator coordinator, String enrollmentToken, String model, int dimensions, int batch,
                 boolean pipelined) {
        this.coordinator = coordinator;
        this.pipelined = pipelined && batch > 1;
        this.batch = batch;
        this.enrollmentToken = enrollmentToken;
        this.model = model;
        this.vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) Math.sin(i + 1) / (float) Math.sqrt(dimensions);
        }
    }

    Result run(int cars, int queued, Duration warmup, Duration measured) throws InterruptedException {
        int chunk = Math.max(1, Math.min(queued, 20_000));
        long submitted = 0;
        while (submitted < queued) {
            submitted += submit(chunk);
        }
        long[] submittedBox = {submitted};
        Thread filler = Thread.ofPlatform().name("bench-filler").start(() -> {
            while (!stop.get()) {
                if (submittedBox[0] - doneInputs.sum() < (long) queued + chunk) {
                    submittedBox[0] += submit(chunk);
                } else {
                    sleep(5);
                }
            }
        });
        List<CarLoop> loops = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < cars; i++) {
            CarLoop loop = new CarLoop(enroll(i));
            loops.add(loop);
            threads.add(Thread.ofVirtual().start(loop::run));
        }
        Thread.sleep(warmup.toMillis());
        measuring.set(true);
        long t0 = System.nanoTime();
        Thread.sleep(measured.toMillis());
        measuring.set(false);
        double seconds = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        filler.join();
        long[] all = loops.stream().flatMapToLong(l -> Arrays.stream(l.latencies, 0, l.count)).sorted().toArray();
        return new Result(units.sum(), inputs.sum(), all.length, seconds, all, errors.sum(), doneUnits.sum());
    }

    private int submit(int count) {
        List<ParsedInputs.JobInput> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(new ParsedInputs.JobInput("c" + i, "control plane input " + i));
        }
        coordinator.jobs().create(model, rows);
        return count;
    }

    /** An enrolled fake car: its client, holding its credential, and its key. */
    private record FakeCar(CoordinatorClient client, io.terafleet.agent.identity.CarSigner signer) {
    }

    private FakeCar enroll(int index) {
        CoordinatorClient client = new CoordinatorClient(coordinator.uri());
        // A fake car holds a key pair like a real one: the coordinator accepts nothing unsigned.
        var signer = io.terafleet.agent.identity.CarSigner.withNewKey();
        var enrolled = client.enroll(new EnrollRequest(enrollmentToken, "bench-car-" + index, "HW3", null,
                signer.publicKey()));
        client.useCredential(enrolled.credential());
        return new FakeCar(client, signer);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One car: lease, answer every input at once, complete; the lease's round trip is recorded. */
    private final class CarLoop {
        private final CoordinatorClient client;
        private final io.terafleet.agent.identity.CarSigner signer;
        private long[] latencies = new long[4096];
        private int count;

        CarLoop(FakeCar car) {
            this.client = car.client();
            this.signer = car.signer();
        }

        void run() {
            LeaseRequest request = new LeaseRequest(batch, 1_000, List.of(model));
            if (pipelined) {
                runPipelined(request);
                return;
            }
            while (!stop.get()) {
                try {
                    long t0 = System.nanoTime();
                    LeaseResponse response = client.lease(request);
                    long took = System.nanoTime() - t0;
                    boolean counted = measuring.get();
                    if (counted) {
                        record(took);
                    }
                    if (batch == 1) {
                        response.units().forEach(unit -> complete(unit, counted));
                    } else if (!response.units().isEmpty()) {
                        completeAll(response.units(), counted);
                    }
                } catch (CoordinatorException e) {
                    errors.increment();
                }
            }
        }

        /**
         * Lease once, then per batch one call that completes it and brings the next: the time recorded is that
         * call's, from the car's finished batch to its next units, which is what a lease costs a car here.
         */
        private void runPipelined(LeaseRequest request) {
            List<LeasedUnit> leased = List.of();
            // Units leased before the stop are still completed (asking for no more), as the two-call loop does.
            while (!stop.get() || !leased.isEmpty()) {
                try {
                    long t0 = System.nanoTime();
                    boolean counted = measuring.get();
                    if (leased.isEmpty()) {
                        leased = client.lease(request).units();
                    } else {
                        List<CompleteRequest> completions = leased.stream().map(u -> signed(u, results(u))).toList();
                        var answer = client.completeAll(new CompleteBatchRequest(completions,
                                stop.get() ? null : request));
                        for (int i = 0; i < completions.size(); i++) {
                            done(CompleteResponse.ACCEPTED.equals(answer.outcomes().get(i).outcome()),
                                    completions.get(i).results().size(), counted);
                        }
                        leased = answer.next() == null ? List.of() : answer.next().units();
                    }
                    if (counted) {
                        record(System.nanoTime() - t0);
                    }
                } catch (CoordinatorException e) {
                    errors.increment();
                    leased = List.of();
                }
            }
        }

        private List<InputResult> results(LeasedUnit unit) {
            return unit.inputs().stream().map(in -> new InputResult(in.index(), vector)).toList();
        }

        private void complete(LeasedUnit unit, boolean counted) {
            var outcome = client.complete(signed(unit, results(unit)));
            done(CompleteResponse.ACCEPTED.equals(outcome.outcome()), unit.inputs().size(), counted);
        }

        private void completeAll(List<LeasedUnit> leased, boolean counted) {
            List<CompleteRequest> completions = leased.stream().map(unit -> signed(unit, results(unit))).toList();
            var outcomes = client.completeAll(new CompleteBatchRequest(completions)).outcomes();
            for (int i = 0; i < completions.size(); i++) {
                done(CompleteResponse.ACCEPTED.equals(outcomes.get(i).outcome()),
                        completions.get(i).results().size(), counted);
            }
        }

        /** Every completion carries the car's signature over what it hands back, as a real car's does. */
        private CompleteRequest signed(LeasedUnit unit, List<InputResult> results) {
            return new CompleteRequest(unit.leaseId(), results, 1).signed(signer.sign(
                    io.terafleet.core.identity.ResultDigest.COMPLETE, unit.leaseId(), unit.unitId(), results, null));
        }

        private void done(boolean accepted, int inputCount, boolean counted) {
            if (!accepted) {
                errors.increment();
                return;
            }
            doneInputs.add(inputCount);
            doneUnits.increment();
            if (counted) {
                units.increment();
                inputs.add(inputCount);
            }
        }

        private void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }
    }
}
