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
import io.terafleet.generation.ChatMessage;
import io.terafleet.generation.FinishReason;
import io.terafleet.generation.GenerationEngine;
import io.terafleet.generation.GenerationRequest;
import io.terafleet.generation.GenerationResult;
import io.terafleet.generation.TokenListener;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A car driven step by step by a test, generating on the real engine: honestly (each task as asked), or lying with
 * plausible tokens (each task sampled at another temperature and seed, with the model's true log-probabilities of
 * the tokens it drew, so that only a check of the model's choices can tell).
 */
final class HandGenerationCar {
    private static final ObjectMapper JSON = new ObjectMapper();

    final CoordinatorClient client;
    final String carId;
    private final GenerationEngine engine;
    /** A liar signs its lies too: its answers, not its key, give it away. */
    private final CarSigner signer = CarSigner.withNewKey();

    /** A car of the operator's fleet token: its own owner. */
    HandGenerationCar(URI coordinator, String name, GenerationEngine engine) {
        this.client = new CoordinatorClient(coordinator);
        var enrolled = client.enroll(new EnrollRequest(FleetFixture.TOKEN, name, "HW3", null,
                signer.publicKey()));
        client.useCredential(enrolled.credential());
        this.carId = enrolled.carId();
        this.engine = engine;
    }

    /** One unit, cut to one prompt by a tiny token rate. */
    LeasedUnit leaseOne() {
        var leased = client.lease(new LeaseRequest(1, 5_000, List.of(GenerationFleet.MODEL), null, "HW3", null,
                List.of(GenerationFleet.MODEL), null, 0.6));
        if (leased.units().isEmpty()) {
            throw new AssertionError(carId + " was leased nothing");
        }
        return leased.units().getFirst();
    }

    /** Completes the unit with honest answers, claiming {@code energyWh} for it. */
    String answerHonestly(LeasedUnit unit, double energyWh) throws Exception {
        return complete(unit, false, energyWh);
    }

    /** Completes the unit with plausible tokens the model would not have chosen. */
    String answerWithPlausibleLies(LeasedUnit unit) throws Exception {
        return complete(unit, true, 0.001);
    }

    private String complete(LeasedUnit unit, boolean lie, double energyWh) throws Exception {
        List<InputResult> results = new ArrayList<>();
        for (var input : unit.inputs()) {
            GenerationTask task = JSON.readValue(input.text(), GenerationTask.class);
            int[] prompt = engine.encode(task.messages() != null ? engine.applyChatTemplate(task.messages().stream()
                    .map(m -> new ChatMessage(m.role(), m.content())).toList()) : task.prompt());
            var request = new GenerationRequest(prompt, task.maxTokens(), lie ? 1.0 : task.temperature(),
                    lie ? 1 : task.topP(), lie ? task.seed() + 99 : task.seed(), task.stop(), 0);
            GenerationResult r = engine.submit(request, TokenListener.NONE).result().get(60, TimeUnit.SECONDS);
            results.add(InputResult.generated(input.index(), new GeneratedAnswer(r.tokens(), r.logprobs(), r.text(),
                    r.finishReason() == FinishReason.LENGTH ? "length" : "stop", 0, prompt.length)));
        }
        return client.complete(new CompleteRequest(unit.leaseId(), results, 5, energyWh).signed(signer.sign(
                ResultDigest.COMPLETE, unit.leaseId(), unit.unitId(), results, energyWh))).outcome();
    }
}
