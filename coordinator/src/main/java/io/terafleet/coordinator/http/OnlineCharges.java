package io.terafleet.coordinator.http;

import io.javalin.http.Context;
import io.terafleet.coordinator.ledger.OnlineMetering;
import io.terafleet.coordinator.online.RouteOutcome;

/**
 * Charges an answered online request (embeddings, KServe) to the caller's tenant and pays the owner of the car whose
 * answer is delivered, once, under the request's id. Nothing without a ledger.
 */
record OnlineCharges(OnlineMetering metering) {
    static final OnlineCharges NONE = new OnlineCharges(null);

    void charge(Context ctx, RouteOutcome outcome, String model, long inputs) {
        if (metering == null || !(outcome instanceof RouteOutcome.Answered answered) || answered.carId() == null) {
            return;
        }
        String tenant = TenantScope.of(ctx).map(scope -> scope.tenant().id())
                .orElse(io.terafleet.coordinator.tenants.Tenant.DEFAULT_ID);
        metering.charge(RequestIds.of(ctx), tenant, model, inputs, answered.carId());
    }
}
