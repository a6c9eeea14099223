package io.terafleet.agent.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trust exactly the CA certificate(s) in one PEM or DER file, instead of the JDK's public roots: a car (or the CLI)
 * talks only to a coordinator whose certificate that CA issued, whatever a public CA would vouch for. Host names
 * are still verified by the HTTP client against the certificate.
 */
public final class PinnedCa {
    private PinnedCa() {
    }

    /** @throws IllegalArgumentException naming {@code caCert} when the file holds no certificate */
    public static SSLContext sslContext(Path caCert) {
        try (InputStream in = Files.newInputStream(caCert)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("caCert: no certificate in " + caCert);
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("caCert: not a readable X.509 certificate file: " + caCert, e);
        }
    }
}
