package io.terafleet.cli;

import io.terafleet.agent.client.PinnedCa;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;

/** The CLI's HTTP clients: a 5 s connect timeout, and with {@code --ca-cert} trust in that CA alone. */
final class PinnedHttp {
    private PinnedHttp() {
    }

    /** @param caCert the CA that must have issued the coordinator's certificate; null: the JDK's public roots */
    static HttpClient client(Path caCert) {
        var builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (caCert != null) {
            builder.sslContext(PinnedCa.sslContext(caCert));
        }
        return builder.build();
    }
}
