package io.terafleet.coordinator.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

/**
 * The coordinator's HTTPS identity: a PKCS12 keystore holding its private key and certificate chain (made with the
 * JDK's {@code keytool}, or issued by the operator's CA). Checked when made, so a wrong path or password fails at
 * start naming the field, not at the first handshake.
 *
 * @param keystore PKCS12 file with one private key entry
 * @param password the keystore's (and key's) password
 */
public record TlsConfig(Path keystore, String password) {
    public TlsConfig {
        if (keystore == null || !Files.isReadable(keystore)) {
            throw new IllegalArgumentException("keystore: must be a readable PKCS12 file, was " + keystore);
        }
        if (password == null) {
            throw new IllegalArgumentException("password: must be set");
        }
        requireKeyEntry(keystore, password);
    }

    private static void requireKeyEntry(Path keystore, String password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return;
                }
            }
            throw new IllegalArgumentException("keystore: holds no private key entry: " + keystore);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("keystore: not a PKCS12 keystore this password opens (" + keystore
                    + ")");
        }
    }

    /** An HTTPS connector on {@code host:port} for the coordinator's Jetty server. */
    org.eclipse.jetty.server.Connector connector(org.eclipse.jetty.server.Server server,
                                                 org.eclipse.jetty.server.HttpConfiguration http, String host,
                                                 int port) {
        var ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePath(keystore.toAbsolutePath().toString());
        ssl.setKeyStorePassword(password);
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        var secure = new org.eclipse.jetty.server.HttpConfiguration(http);
        // Host names are the client's to verify against the certificate; cars may reach the coordinator by address.
        secure.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer(false));
        var connector = new org.eclipse.jetty.server.ServerConnector(server,
                new org.eclipse.jetty.server.SslConnectionFactory(ssl, "http/1.1"),
                new org.eclipse.jetty.server.HttpConnectionFactory(secure));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** Serves {@code app} over HTTPS only, on {@code host:port}; call before the app starts. */
    public void apply(io.javalin.Javalin app, String host, int port) {
        app.unsafeConfig().jetty.addConnector((server, http) -> connector(server, http, host, port));
    }

    @Override
    public String toString() {
        return "TlsConfig[keystore=" + keystore + ", password=(hidden)]";
    }
}
