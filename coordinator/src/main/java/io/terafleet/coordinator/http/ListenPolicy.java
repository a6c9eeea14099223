package io.terafleet.coordinator.http;

/**
 * Where plain HTTP may be served: on a loopback address (the operator's own machine, a demo), or anywhere when the
 * operator says so explicitly. Everything else needs TLS, so credentials and results never cross a network in clear.
 */
public final class ListenPolicy {
    private ListenPolicy() {
    }

    /**
     * @throws IllegalArgumentException naming {@code host} when plain HTTP would be served beyond loopback
     */
    public static void check(String host, boolean tls, boolean insecureHttp) {
        if (tls || insecureHttp || isLoopback(host)) {
            return;
        }
        throw new IllegalArgumentException("host: plain HTTP is served only on a loopback address; " + host
                + " needs a TLS keystore (--tls-keystore) or an explicit --insecure-http");
    }

    /** Whether {@code host} names this machine's loopback interface (a name or an address). */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }
}
