package io.terafleet.agent.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.agent.identity.CarSigner;
import io.terafleet.agent.state.CompletionSpool;
import io.terafleet.core.api.CompleteBatchResponse;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeaseResponse;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.api.UnitInput;
import io.terafleet.core.identity.CarKeys;
import io.terafleet.core.identity.ResultDigest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finished units' completions go to the coordinator together, in one {@code complete-batch} call, each signed on its
 * own, with the guarantees of a single completion: spooled until answered, retried until the leases have certainly
 * expired, sent again by a restarted car.
 */
class CompletionSenderTest {
    @TempDir
    Path dir;
    private FakeCoordinator coordinator;
    private CoordinatorClient client;
    private CompletionSpool spool;
    private final CarSigner signer = CarSigner.withNewKey();

    @BeforeEach
    void start() throws Exception {
        coordinator = new FakeCoordinator();
        client = new CoordinatorClient(coordinator.uri());
        client.useCredential("car-credential");
        spool = new CompletionSpool(dir);
    }

    @AfterEach
    void stop() {
        coordinator.close();
    }

    private CompletionSender sender(Clock clock) {
        return new CompletionSender(client, new Retrier(8, Duration.ofMillis(5), Duration.ofMillis(20)), clock, spool);
    }

    /** Finished units as the runner leaves them: signed, and on disk before anything is sent. */
    private List<CompletionSender.Finished> finished(int count, Instant expiresAt) {
        List<CompletionSender.Finished> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var unit = new LeasedUnit("unit-" + i, "lease-" + i, "job-1", "all-minilm-l6-v2", expiresAt,
                    List.of(new UnitInput(i, "text " + i)));
            List<InputResult> results = List.of(new InputResult(i, new float[] {0.6f, 0.8f}, 3));
            var request = new CompleteRequest(unit.leaseId(), results, 5, 0.001,
                    signer.sign(ResultDigest.COMPLETE, unit.leaseId(), unit.unitId(), results, 0.001));
            spool.write(unit.unitId(), request);
            all.add(new CompletionSender.Finished(unit, request));
        }
        return all;
    }

    @Test
    void finishedUnitsGoInOneCallEachSignedAndTheNextLeaseComesBack() {
        var next = new LeasedUnit("unit-9", "lease-9", "job-1", "all-minilm-l6-v2", Instant.now().plusSeconds(60),
                List.of(new UnitInput(9, "next")));
        coordinator.onBatch = request -> FakeCoordinator.Reply.ok(new CompleteBatchResponse(request.completions()
                .stream().map(c -> CompleteBatchResponse.Outcome.of(c.leaseId(), CompleteResponse.ACCEPTED)).toList(),
                new LeaseResponse(List.of(next))));
        LeaseRequest ask = new LeaseRequest(8, 1_000, List.of("all-minilm-l6-v2"));

        var answer = sender(Clock.systemUTC()).send(finished(3, Instant.now().plusSeconds(60)), ask);

        assertThat(answer.outcomes()).containsExactly("accepted", "accepted", "accepted");
        assertThat(answer.next()).containsExactly(next);
        assertThat(coordinator.paths).containsExactly("/v1/agent/complete-batch");
        var sent = coordinator.batches.getFirst();
        assertThat(sent.next()).isEqualTo(ask);
        assertThat(sent.completions()).extracting(CompleteRequest::leaseId).containsExactly("lease-0", "lease-1",
                "lease-2");
        var key = CarKeys.publicKey(signer.publicKey()).orElseThrow();
        for (int i = 0; i < 3; i++) {
            CompleteRequest c = sent.completions().get(i);
            assertThat(CarKeys.verify(key, ResultDigest.of(ResultDigest.COMPLETE, c.leaseId(), "unit-" + i,
                    c.results(), c.energyWh()), c.signature())).as("completion %d signed on its own", i).isTrue();
        }
        assertThat(spool.pending()).as("answered: nothing left to resend").isEmpty();
    }

    @Test
    void eachCompletionKeepsItsOwnOutcomeAndOnlyAcceptedOrDuplicateCount() {
        List<String> scripted = List.of(CompleteResponse.ACCEPTED, CompleteResponse.DUPLICATE,
                CompleteResponse.LEASE_LOST, CompleteBatchResponse.INVALID, CompleteBatchResponse.BAD_SIGNATURE);
        coordinator.onBatch = request -> {
            List<CompleteBatchResponse.Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < request.completions().size(); i++) {
                outcomes.add(CompleteBatchResponse.Outcome.of(request.completions().get(i).leaseId(),
                        scripted.get(i)));
            }
            return FakeCoordinator.Reply.ok(new CompleteBatchResponse(outcomes));
        };

        var answer = sender(Clock.systemUTC()).send(finished(5, Instant.now().plusSeconds(60)), null);

        assertThat(answer.outcomes()).isEqualTo(scripted);
        assertThat(answer.next()).isEmpty();
        assertThat(coordinator.batches.getFirst().next()).isNull();
        assertThat(answer.outcomes().stream().filter(CompletionSender::counts)).hasSize(2);
        assertThat(spool.pending()).as("every one answered: sending again cannot help").isEmpty();
    }

    @Test
    void completionsStayOnDiskWhileTheCoordinatorFailsAndAreRetried() {
        AtomicInteger calls = new AtomicInteger();
        List<Integer> spooledDuringFailures = new ArrayList<>();
        coordinator.onBatch = request -> {
            if (calls.incrementAndGet() <= 2) {
                spooledDuringFailures.add(spool.pending().size());
                return new FakeCoordinator.Reply(503, "{}");
            }
            return FakeCoordinator.Reply.ok(new CompleteBatchResponse(request.completions().stream()
                    .map(c -> CompleteBatchResponse.Outcome.of(c.leaseId(), CompleteResponse.ACCEPTED)).toList()));
        };

        var answer = sender(Clock.systemUTC()).send(finished(2, Instant.now().plusSeconds(60)), null);

        assertThat(answer.outcomes()).containsExactly("accepted", "accepted");
        assertThat(spooledDuringFailures).containsExactly(2, 2);
        assertThat(coordinator.batches).hasSize(3);
        assertThat(spool.pending()).isEmpty();
    }

    @Test
    void aCallThatFailsUntilTheLeasesHaveExpiredLeavesThemSpooledAndARestartedCarResendsThem() {
        coordinator.onBatch = request -> new FakeCoordinator.Reply(503, "{}");
        // Each look at the clock is 20 s later: the leases (expiring now) are past their grace after a few tries.
        Instant start = Instant.now();
        AtomicInteger ticks = new AtomicInteger();
        Clock jumping = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return start.plusSeconds(20L * ticks.getAndIncrement());
            }
        };

        assertThatThrownBy(() -> sender(jumping).send(finished(3, start), null))
                .isInstanceOf(CoordinatorException.class);
        assertThat(coordinator.batches.size()).as("retried before giving up").isGreaterThan(1);
        assertThat(spool.pending()).as("kept for a restart").hasSize(3);

        coordinator.onBatch = request -> FakeCoordinator.Reply.ok(new CompleteBatchResponse(request.completions()
                .stream().map(c -> CompleteBatchResponse.Outcome.of(c.leaseId(), CompleteResponse.DUPLICATE))
                .toList()));
        coordinator.batches.clear();
        var resent = sender(Clock.systemUTC()).resend(spool.pending());

        assertThat(resent).hasSize(3).allMatch(r -> r.outcome().equals(CompleteResponse.DUPLICATE));
        assertThat(coordinator.batches).as("all in one call").hasSize(1);
        assertThat(coordinator.batches.getFirst().completions()).hasSize(3);
        assertThat(spool.pending()).isEmpty();
    }

    @Test
    void aCoordinatorWithoutTheBatchRouteGetsOneCompletionPerCall() {
        coordinator.onBatch = request -> new FakeCoordinator.Reply(404, "{}");
        coordinator.onSingle = request -> FakeCoordinator.Reply.ok(new CompleteResponse(
                request.leaseId().equals("lease-1") ? CompleteResponse.LEASE_LOST : CompleteResponse.ACCEPTED));
        CompletionSender sender = sender(Clock.systemUTC());

        var answer = sender.send(finished(3, Instant.now().plusSeconds(60)), new LeaseRequest(8, 0, List.of()));

        assertThat(answer.outcomes()).containsExactly("accepted", "lease_lost", "accepted");
        assertThat(answer.next()).as("the next lease is a lease call of its own then").isEmpty();
        assertThat(coordinator.singles).extracting(CompleteRequest::leaseId)
                .containsExactly("lease-0", "lease-1", "lease-2");
        assertThat(spool.pending()).isEmpty();
        sender.send(finished(1, Instant.now().plusSeconds(60)), null);
        assertThat(coordinator.batches).as("not asked again once it said it has no such route").hasSize(1);
    }

    @Test
    void aMalformedCallIsNotKeptForResending() {
        coordinator.onBatch = request -> new FakeCoordinator.Reply(400, "{\"detail\":\"completions: 1 to 64\"}");

        assertThatThrownBy(() -> sender(Clock.systemUTC()).send(finished(2, Instant.now().plusSeconds(60)), null))
                .isInstanceOf(CoordinatorException.class);
        assertThat(coordinator.batches).as("a 400 is not retried").hasSize(1);
        assertThat(spool.pending()).isEmpty();
    }
}
