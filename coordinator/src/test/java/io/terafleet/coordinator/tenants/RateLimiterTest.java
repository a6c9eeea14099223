package io.terafleet.coordinator.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RateLimiter limiter = new RateLimiter(clock);
    private final Tenant tenant = new Tenant("t", "t", new TenantLimits(2, 3, 86_400), 0);

    @Test
    void aBurstPassesThenTheSteadyRate() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.request(tenant)).isInstanceOf(RateLimiter.Allowed.class);
        }
        var limited = (RateLimiter.Limited) limiter.request(tenant);
        assertThat(limited.retryAfterSeconds()).isEqualTo(1);
        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.request(tenant)).isInstanceOf(RateLimiter.Allowed.class);
        assertThat(limiter.request(tenant)).isInstanceOf(RateLimiter.Limited.class);
    }

    @Test
    void theDailyQuotaRefillsContinuouslyAndRefusesWhatCanNeverFit() {
        assertThat(limiter.inputs(tenant, 86_400)).isInstanceOf(RateLimiter.Allowed.class);
        var spent = (RateLimiter.Limited) limiter.inputs(tenant, 10);
        assertThat(spent.retryAfterSeconds()).isEqualTo(10); // one input a second
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.inputs(tenant, 10)).isInstanceOf(RateLimiter.Allowed.class);
        assertThat(((RateLimiter.Limited) limiter.inputs(tenant, 100_000)).detail()).contains("exceed");
    }
}
