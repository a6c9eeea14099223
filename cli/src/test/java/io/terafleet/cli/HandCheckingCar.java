package io.terafleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.identity.CarSigner;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.EnrollRequest;
import io.terafleet.core.api.GeneratedAnswer;
import io.terafleet.core.api.GenerationTask;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.identity.ResultDigest;
import io.terafleet.core.verification.GenerationComparator;
import io.terafleet.generation.ChatMessage;
import io.terafleet.generation.GenerationEngine;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A car driven step by step by a test that checks other cars' answers on the real engine, as an agent does (one
 * teacher-forced pass per answer): honestly, or lying that the model would have chosen another first token.
 */
final class HandCheckingCar {
    private static final ObjectMapper JSON = new ObjectMapper();

    final String carId;
    private final CoordinatorClient client;
    private final GenerationEngine engine;
    private final CarSigner signer = CarSigner.withNewKey();

    /** A car of the operator's fleet token: its own owner. */
    HandCheckingCar(URI coordinator, String name, GenerationEngine engine) {
        this.client = new CoordinatorClient(coordinator);
        var enrolled = client.enroll(new EnrollRequest(FleetFixture.TOKEN, name, "HW3", null, signer.publicKey()));
        client.useCredential(enrolled.credential());
        this.carId = enrolled.carId();
        this.engine = engine;
    }

    /** The next unit the coordinator leases this car (a check, when one waits for a trusted car like it). */
    LeasedUnit leaseOne() {
        var leased = client.lease(new LeaseRequest(1, 5_000, List.of(GenerationFleet.MODEL), null, "HW3", null,
                List.of(GenerationFleet.MODEL), null, 0.6));
        if (leased.units().isEmpty()) {
            throw new AssertionError(carId + " was leased nothing");
        }
        return leased.units().getFirst();
    }

    /** Checks each answer of the unit; a liar claims another first token where the model chose the answered one. */
    String check(LeasedUnit unit, boolean lie) throws Exception {
        List<InputResult> results = new ArrayList<>();
        for (var input : unit.inputs()) {
            GenerationTask task = JSON.readValue(input.text(), GenerationTask.class);
            if (task.score() == null || task.score().length == 0) {
                throw new AssertionError(unit.unitId() + " is not a check");
            }
            int[] prompt = engine.encode(task.messages() != null ? engine.applyChatTemplate(task.messages().stream()
                    .map(m -> new ChatMessage(m.role(), m.content())).toList()) : task.prompt());
            GenerationEngine.Check found = engine.check(prompt, task.score(), task.temperature(), task.topP(),
                    task.seed(), 4 * GenerationComparator.DEFAULT_TOLERANCE);
            int[] chosen = found.chosen().clone();
            if (lie) {
                chosen[0] = chosen[0] == 0 ? 1 : chosen[0] - 1;
            }
            results.add(InputResult.generated(input.index(), new GeneratedAnswer(chosen, found.logprobs(), "", "stop",
                    0, prompt.length)));
        }
        return client.complete(new CompleteRequest(unit.leaseId(), results, 5, 0.002).signed(signer.sign(
                ResultDigest.COMPLETE, unit.leaseId(), unit.unitId(), results, 0.002))).outcome();
    }
}
