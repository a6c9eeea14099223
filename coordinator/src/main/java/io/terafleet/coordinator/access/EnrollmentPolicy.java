package io.terafleet.coordinator.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Who an enrollment is counted against, and how much each may enroll: the limits per source and per grant, whether
 * the coordinator's own machine is exempt, and which proxies' word about the client's address is believed.
 *
 * <p>The source of an enrollment is the address of the connection's peer. A header a client sets
 * ({@code X-Forwarded-For}) is read only when that peer is one of the {@code trustedProxies} the operator
 * configured, and then only as far as trusted proxies wrote it: walking the header from its right end, the first
 * address that is not a trusted proxy is the client (anything left of it was written by the client and is ignored).
 * Without trusted proxies the header is never read, so a client cannot pick the source it is counted as.
 *
 * <p>The loopback exemption is judged on that client address, never on the peer: behind a proxy on the
 * coordinator's own machine every peer is loopback, and every client would otherwise be exempt.
 *
 * @param limits         enrollments a minute per source and per grant
 * @param exemptLoopback whether enrollments from loopback (a demo or benchmark fleet on the coordinator's own
 *                       machine) skip the limits
 * @param trustedProxies IP addresses (literals) of the operator's own reverse proxies
 */
public record EnrollmentPolicy(EnrollmentLimiter.Limits limits, boolean exemptLoopback, List<String> trustedProxies) {
    /** Default limits, loopback exempt, no proxy trusted. */
    public static final EnrollmentPolicy DEFAULTS = new EnrollmentPolicy(EnrollmentLimiter.Limits.DEFAULTS, true,
            List.of());
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    public EnrollmentPolicy {
        if (limits == null) {
            throw new IllegalArgumentException("limits: must be set");
        }
        List<String> normal = new ArrayList<>();
        for (String proxy : trustedProxies == null ? List.<String>of() : trustedProxies) {
            normal.add(literal(proxy).map(InetAddress::getHostAddress).orElseThrow(() -> new IllegalArgumentException(
                    "trustedProxies: \"" + proxy + "\" is not an IP address")));
        }
        trustedProxies = List.copyOf(normal);
    }

    /** The same, with the loopback exemption on or off. */
    public EnrollmentPolicy withLoopbackExempt(boolean exempt) {
        return new EnrollmentPolicy(limits, exempt, trustedProxies);
    }

    /** The same, believing {@code X-Forwarded-For} from these proxies only. */
    public EnrollmentPolicy withTrustedProxies(List<String> proxies) {
        return new EnrollmentPolicy(limits, exemptLoopback, proxies);
    }

    /** The same, with other limits. */
    public EnrollmentPolicy withLimits(EnrollmentLimiter.Limits newLimits) {
        return new EnrollmentPolicy(newLimits, exemptLoopback, trustedProxies);
    }

    /**
     * The client an enrollment from {@code peer} (the connection's remote address) comes from, given the request's
     * {@code X-Forwarded-For} header (null when absent).
     */
    public String clientOf(String peer, String forwardedFor) {
        Set<String> trusted = Set.copyOf(trustedProxies);
        if (forwardedFor == null || !trusted.contains(normal(peer))) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            Optional<InetAddress> address = literal(hop);
            if (address.isEmpty()) {
                return peer; // a trusted proxy wrote something that is no address: count the proxy itself
            }
            if (!trusted.contains(address.get().getHostAddress())) {
                return address.get().getHostAddress();
            }
        }
        return peer; // only trusted proxies on the way: the request started at one of them
    }

    /** Whether enrollments from {@code client} skip the limits. */
    public boolean exempt(String client) {
        return exemptLoopback && literal(client).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    @Override
    public String toString() {
        return "EnrollmentPolicy" + limits + (exemptLoopback ? ", loopback exempt" : "")
                + trustedProxies.stream().collect(Collectors.joining(", ", ", trusted proxies [", "]"));
    }

    private static String normal(String address) {
        return literal(address).map(InetAddress::getHostAddress).orElse(String.valueOf(address));
    }

    /** An IP literal as an address; never a name look-up. */
    static Optional<InetAddress> literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = IPV4.matcher(bare).matches()
                && java.util.Arrays.stream(bare.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        boolean v6 = bare.contains(":") && IPV6.matcher(bare).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare)); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
