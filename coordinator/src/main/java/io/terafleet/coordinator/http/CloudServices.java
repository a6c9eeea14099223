package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.access.Revocations;
import io.terafleet.coordinator.models.ModelRegistry;
import io.terafleet.coordinator.online.OnlineRouter;
import io.terafleet.coordinator.service.CarService;
import io.terafleet.coordinator.service.JobService;
import io.terafleet.coordinator.tenants.RateLimiter;
import io.terafleet.coordinator.tenants.Tenant;
import io.terafleet.coordinator.tenants.TenantService;

/**
 * The services behind the cloud APIs: tenants and their limits, the model registry, online routing, and the
 * OpenAI-compatible files and batches.
 *
 * @param anonymous the tenant of callers without a key, or null when every caller needs one
 */
public record CloudServices(CloudConfig config, TenantService tenants, RateLimiter limiter, ModelRegistry registry,
                            OnlineRouter router, Tenant anonymous, BatchApi batches, Revocations revocations,
                            io.terafleet.coordinator.owners.OwnerService owners,
                            io.terafleet.coordinator.console.ConsoleViews consoleViews) {

    /** The files and batches endpoints, wired by the coordinator; null leaves them out. */
    public interface BatchApi {
        void register(Javalin app, ObjectMapper json);

        /** Lets batches run chat and completion lines with {@code runner}. */
        default void useGeneration(io.terafleet.coordinator.batches.GenerationBatches runner) {
        }
    }

    /** @param ledger where delivered answers are charged; null leaves them uncharged */
    void register(Javalin app, ObjectMapper json, JobService jobs, CarService cars,
                  io.terafleet.coordinator.ledger.LedgerService ledger,
                  io.terafleet.coordinator.generation.GenerationService.SpotCheckVerdicts verdicts,
                  java.util.function.Consumer<String> strike) {
        // Online answers reach a customer only when signed with the answering car's key.
        var signed = new io.terafleet.coordinator.online.SignedAnswers(router, cars::publicKey, strike);
        revocations.forgetKeysWith(tenants::forget);
        revocations.forgetCarsWith(cars::forget);
        revocations.forgetOwnersWith(owners::forget);
        new RevocationRoutes(json, revocations).register(app);
        new OwnerRoutes(json, owners, revocations).register(app);
        new KeyRoutes(json, tenants, revocations, consoleViews).register(app);
        new ConsoleRoutes(json, consoleViews, jobs, owners, java.time.Clock.systemUTC()).register(app);
        new OwnerPolicyRoutes(json, consoleViews.policies(), consoleViews.reports()).register(app);
        new ModelRoutes(json, registry).register(app);
        new TenantRoutes(json, tenants, cars, config.defaultLimits()).register(app);
        new OnlineAgentRoutes(json, router, registry, signed).register(app);
        var charges = ledger == null ? OnlineCharges.NONE
                : new OnlineCharges(new io.terafleet.coordinator.ledger.OnlineMetering(ledger, cars::ownerOf));
        new EmbeddingRoutes(json, registry, router, config, charges).register(app);
        new KServeRoutes(json, registry, router, charges).register(app);
        var metering = ledger == null ? null
                : new io.terafleet.coordinator.generation.AnswerMetering(ledger, cars::ownerOf);
        // Streamed chunks reach a customer only when signed over the car's stream so far; one that is not ends the
        // car's part: a strike, and the answer resumes on another car after the chunks already checked.
        var streams = new io.terafleet.coordinator.generation.TokenStreams(cars::publicKey, (carId, requestId, keyless) -> {
            if (!keyless) {
                strike.accept(carId);
            }
            router.answer(carId, requestId, io.terafleet.core.api.OnlineResult.failed(
                    "a streamed chunk was not signed by the car over its stream so far", true));
        });
        var channels = new OnlineChannelRoutes(json, router, cars, streams::deliver, signed)
                .ringPoliciesWith(consoleViews.policyPush());
        channels.register(app);
        revocations.forgetCarsWith(channels::disconnect);
        var completions = new CompletionRoutes(json, registry, router, streams, java.time.Clock.systemUTC(), metering,
                verdicts);
        completions.register(app);
        if (batches != null) {
            batches.register(app, json);
            batches.useGeneration(completions.batchRunner());
        }
    }

    AccessGate gate(CarService cars) {
        return new AccessGate(config.operatorKeys(), cars, tenants, limiter, anonymous, owners::authenticate);
    }

    public boolean isRegistered(String name) {
        return registry.find(name).isPresent();
    }

    /** Whether a batch job may name this model: a registered text embedding. */
    public boolean isTextModel(String name) {
        return registry.find(name).map(m -> m.isTextEmbedding()).orElse(false);
    }
}
