package io.terafleet.coordinator;

import io.terafleet.coordinator.access.Revocations;
import io.terafleet.coordinator.batches.BatchService;
import io.terafleet.coordinator.batches.FileStore;
import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.http.BatchRoutes;
import io.terafleet.coordinator.intake.InputLimits;
import io.terafleet.coordinator.http.CloudServices;
import io.terafleet.coordinator.models.ModelBlobs;
import io.terafleet.coordinator.models.ModelRegistry;
import io.terafleet.coordinator.online.OnlineRouter;
import io.terafleet.coordinator.owners.OwnerRepository;
import io.terafleet.coordinator.owners.OwnerService;
import io.terafleet.coordinator.service.JobService;
import io.terafleet.coordinator.tenants.RateLimiter;
import io.terafleet.coordinator.tenants.Tenant;
import io.terafleet.coordinator.tenants.TenantRepository;
import io.terafleet.coordinator.tenants.TenantService;
import java.time.Clock;

/** Builds the cloud services of a coordinator from its {@link CloudConfig}. */
final class CloudStart {
    private CloudStart() {
    }

    static CloudServices services(CloudConfig config, Database database, JobService jobs, InputLimits limits,
                                  io.terafleet.coordinator.cluster.ClusterBus bus, Clock clock) {
        var tenants = new TenantService(new TenantRepository(database), clock);
        // The default tenant always exists: jobs submitted before tenants existed, the demo, keyless tests.
        Tenant defaultTenant = tenants.ensure(Tenant.DEFAULT_ID, "Default tenant", config.defaultLimits());
        config.defaultTenantKeys().forEach(key -> tenants.addKnownKey(Tenant.DEFAULT_ID, key));
        var registry = new ModelRegistry(database, new ModelBlobs(config.modelDir()), clock, config.maxModelBytes());
        var router = new OnlineRouter(config.online(), clock);
        var batches = new BatchService(database, new FileStore(database), jobs, limits,
                name -> registry.find(name).map(m -> m.isTextEmbedding()).orElse(false), clock);
        batches.resumeValidation();
        return new CloudServices(config, tenants, new RateLimiter(clock), registry, router,
                config.allowAnonymous() ? defaultTenant : null, BatchRoutes.of(batches, config.maxFileBytes(), clock),
                // Revocations reach every coordinator on the store through the coordinators' bus.
                new Revocations(bus, database, clock),
                new OwnerService(new OwnerRepository(database), clock),
                new io.terafleet.coordinator.console.ConsoleViews(database, clock, router));
    }
}
