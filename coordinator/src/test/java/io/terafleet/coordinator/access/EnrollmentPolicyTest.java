package io.terafleet.coordinator.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address an enrollment is counted against, and when the coordinator's own machine is exempt. */
class EnrollmentPolicyTest {
    private final EnrollmentPolicy direct = EnrollmentPolicy.DEFAULTS;
    private final EnrollmentPolicy proxied = EnrollmentPolicy.DEFAULTS.withTrustedProxies(List.of("10.0.0.2", "::1"));

    @Test
    void withoutTrustedProxiesTheHeaderIsNeverRead() {
        assertThat(direct.clientOf("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
        assertThat(direct.clientOf("203.0.113.9", "127.0.0.1")).isEqualTo("203.0.113.9");
        assertThat(direct.exempt(direct.clientOf("203.0.113.9", "127.0.0.1"))).as("no loopback by saying so").isFalse();
    }

    @Test
    void aTrustedProxysHeaderNamesTheFirstUntrustedAddressFromTheRight() {
        assertThat(proxied.clientOf("10.0.0.2", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(proxied.clientOf("10.0.0.2", "127.0.0.1, 198.51.100.4, 203.0.113.9"))
                .as("what the client wrote, left of what the proxy appended, is ignored").isEqualTo("203.0.113.9");
        assertThat(proxied.clientOf("10.0.0.2", "203.0.113.9, 10.0.0.2")).as("a chain of trusted proxies")
                .isEqualTo("203.0.113.9");
        assertThat(proxied.clientOf("0:0:0:0:0:0:0:1", "2001:db8::7")).as("addresses compared as addresses")
                .isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(proxied.clientOf("10.0.0.2", "10.0.0.2")).as("only proxies: the request began at one")
                .isEqualTo("10.0.0.2");
        assertThat(proxied.clientOf("10.0.0.2", "proxy.example, 203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(proxied.clientOf("10.0.0.2", "203.0.113.9, unknown")).as("no address where one belongs: the proxy")
                .isEqualTo("10.0.0.2");
        assertThat(proxied.clientOf("10.0.0.3", "203.0.113.9")).as("an untrusted peer's header").isEqualTo("10.0.0.3");
        assertThat(proxied.clientOf("10.0.0.2", null)).isEqualTo("10.0.0.2");
    }

    @Test
    void loopbackIsExemptOnlyAsTheClientAndOnlyWhenConfigured() {
        assertThat(direct.exempt("127.0.0.1")).isTrue();
        assertThat(direct.exempt("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(direct.exempt("203.0.113.9")).isFalse();
        assertThat(direct.exempt("localhost")).as("a name is not looked up").isFalse();
        assertThat(direct.withLoopbackExempt(false).exempt("127.0.0.1")).isFalse();
        var localProxy = EnrollmentPolicy.DEFAULTS.withTrustedProxies(List.of("127.0.0.1"));
        assertThat(localProxy.exempt(localProxy.clientOf("127.0.0.1", "203.0.113.9")))
                .as("behind a proxy on this machine, the client is not loopback").isFalse();
    }

    @Test
    void aTrustedProxyMustBeAnAddress() {
        assertThatThrownBy(() -> EnrollmentPolicy.DEFAULTS.withTrustedProxies(List.of("proxy.example")))
                .hasMessageStartingWith("trustedProxies:");
        assertThatThrownBy(() -> EnrollmentPolicy.DEFAULTS.withTrustedProxies(List.of("300.1.1.1")))
                .hasMessageStartingWith("trustedProxies:");
        assertThatThrownBy(() -> new EnrollmentPolicy(null, true, List.of())).hasMessageStartingWith("limits:");
    }
}
