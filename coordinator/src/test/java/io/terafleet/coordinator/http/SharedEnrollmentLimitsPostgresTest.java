package io.terafleet.coordinator.http;

import static io.terafleet.coordinator.http.TwoCoordinators.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.access.EnrollmentLimiter;
import io.terafleet.coordinator.access.EnrollmentPolicy;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Enrollment limits hold for the cluster, not per coordinator: a car swarm spreading its enrollments over two
 * coordinators on one PostgreSQL gets the allowance of one grant and of one source, however the calls are spread,
 * and a header the client sets does not make it another source. With trusted proxies configured, the address the
 * proxy saw is the source, and loopback claimed by the client is no exemption.
 */
@Tag("postgres")
class SharedEnrollmentLimitsPostgresTest {
    /** A sliding minute: start away from its end so that the previous minute's weight cannot drop mid-test. */
    private static void awayFromAMinuteBoundary() throws InterruptedException {
        int second = LocalTime.now(ZoneOffset.UTC).getSecond();
        if (second > 45) {
            Thread.sleep((61 - second) * 1000L);
        }
    }

    @Test
    void aGrantAndASourceGetOneAllowanceAcrossTwoCoordinators() throws Exception {
        var policy = EnrollmentPolicy.DEFAULTS.withLimits(new EnrollmentLimiter.Limits(5, 3)).withLoopbackExempt(false);
        try (var cluster = new TwoCoordinators(policy)) {
            cluster.owner(cluster.a, "dana");
            cluster.owner(cluster.a, "erin");
            String dana = cluster.grant(cluster.a, "dana", 100);
            String erin = cluster.grant(cluster.b, "erin", 100);
            awayFromAMinuteBoundary();
            // Every call claims another source: the header is the client's word and is not read.
            int[] call = {0};
            java.util.function.Supplier<Map<String, String>> spoofed =
                    () -> Map.of("X-Forwarded-For", "198.51.100." + (++call[0]));

            expect(201, cluster.enroll(cluster.a, dana, "d1", null, spoofed.get()));
            expect(201, cluster.enroll(cluster.b, dana, "d2", null, spoofed.get()));
            expect(201, cluster.enroll(cluster.a, dana, "d3", null, spoofed.get()));
            var overGrant = cluster.enroll(cluster.b, dana, "d4", null, spoofed.get());
            assertThat(overGrant.status()).as("the grant's 3 a minute, counted on both: " + overGrant.body())
                    .isEqualTo(429);
            assertThat(overGrant.header("Retry-After")).isNotNull();
            assertThat(cluster.enroll(cluster.a, dana, "d5", null, spoofed.get()).status()).isEqualTo(429);

            // Another grant from the same source: the source's 5 a minute (3 used, refusals not counted).
            expect(201, cluster.enroll(cluster.b, erin, "e1", null, spoofed.get()));
            expect(201, cluster.enroll(cluster.a, erin, "e2", null, spoofed.get()));
            var overSource = cluster.enroll(cluster.b, erin, "e3", null, spoofed.get());
            assertThat(overSource.status()).as("the source's 5 a minute, counted on both: " + overSource.body())
                    .isEqualTo(429);
            assertThat(cluster.enroll(cluster.a, TwoCoordinators.FLEET_TOKEN, "f1", null, spoofed.get()).status())
                    .as("the operator's fleet token from the same source is limited too").isEqualTo(429);
        }
    }

    @Test
    void behindATrustedProxyTheAddressItSawIsTheSourceAndLoopbackClaimedByTheClientIsNoExemption()
            throws Exception {
        var policy = EnrollmentPolicy.DEFAULTS.withLimits(new EnrollmentLimiter.Limits(2, 100))
                .withTrustedProxies(java.util.List.of("127.0.0.1"));
        assertThat(policy.exemptLoopback()).as("the default exemption, judged on the client").isTrue();
        try (var cluster = new TwoCoordinators(policy)) {
            cluster.owner(cluster.a, "dana");
            String dana = cluster.grant(cluster.a, "dana", 100);
            awayFromAMinuteBoundary();
            // The client wrote "127.0.0.1"; the proxy appended the address it saw.
            var viaProxy = Map.of("X-Forwarded-For", "127.0.0.1, 203.0.113.7");
            expect(201, cluster.enroll(cluster.a, dana, "p1", null, viaProxy));
            expect(201, cluster.enroll(cluster.b, dana, "p2", null, viaProxy));
            assertThat(cluster.enroll(cluster.a, dana, "p3", null, viaProxy).status())
                    .as("203.0.113.7's 2 a minute").isEqualTo(429);
            expect(201, cluster.enroll(cluster.b, dana, "p4", null, Map.of("X-Forwarded-For", "203.0.113.8")));
            for (int i = 0; i < 3; i++) {
                expect(201, cluster.enroll(cluster.a, dana, "local" + i, null, Map.of()));
            }
        }
    }
}
