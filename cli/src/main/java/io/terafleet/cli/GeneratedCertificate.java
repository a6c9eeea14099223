package io.terafleet.cli;

import io.terafleet.coordinator.http.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * {@code terafleet coordinator --tls-generate DIR}: a self-signed EC P-256 certificate for a private machine, made once
 * and kept in {@code DIR} ({@code coordinator.p12}, {@code coordinator-ca.pem} for the cars' {@code --ca-cert}, and the
 * keystore's password unless the operator gives one). A folder that already holds the keystore is reused as it is:
 * the key the cars pin is never replaced behind the operator's back; a new one means moving the folder away.
 */
final class GeneratedCertificate {
    static final String KEYSTORE = "coordinator.p12";
    static final String CA = "coordinator-ca.pem";
    static final String PASSWORD_FILE = "coordinator.p12.password";
    static final Duration VALIDITY = Duration.ofDays(825);
    private static final String ALIAS = "coordinator";

    private GeneratedCertificate() {
    }

    /**
     * The keystore in {@code dir}, made first when there is none.
     *
     * @param password the operator's keystore password, or null/blank to generate one into {@link #PASSWORD_FILE}
     * @throws IllegalArgumentException naming {@code tls-generate} or {@code tls-name} (bad usage)
     */
    static TlsConfig openOrCreate(Path dir, String host, List<String> names, String password, Clock clock,
                                  PrintStream out) throws IOException {
        Set<String> wanted = subjectNames(host, names);
        Path keystore = dir.resolve(KEYSTORE);
        if (Files.exists(keystore)) {
            TlsConfig tls = new TlsConfig(keystore, existingPassword(dir, password));
            warnIfNotCovered(tls, wanted, dir, out);
            out.println("TLS: reusing the certificate in " + keystore.toAbsolutePath() + "; cars pin "
                    + dir.resolve(CA).toAbsolutePath() + " with --ca-cert");
            return tls;
        }
        Files.createDirectories(dir);
        String secret = password == null || password.isBlank() ? newPassword(dir) : password;
        try {
            KeyPair keys = newKeyPair();
            X509Certificate certificate = selfSigned(keys, wanted, clock.instant());
            Files.writeString(dir.resolve(CA), pem(certificate), StandardCharsets.US_ASCII);
            writeKeystore(keystore, keys, certificate, secret);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make a certificate: " + e.getMessage(), e);
        }
        out.println("TLS: made a self-signed certificate for " + String.join(", ", wanted) + " in "
                + keystore.toAbsolutePath());
        out.println("TLS: give the cars and the CLI --ca-cert " + dir.resolve(CA).toAbsolutePath());
        return new TlsConfig(keystore, secret);
    }

    /** The host cars reach, any names given, and loopback's names on loopback; a wildcard host names nothing. */
    static Set<String> subjectNames(String host, List<String> names) {
        Set<String> all = new LinkedHashSet<>();
        for (String name : names) {
            if (name == null || name.isBlank() || name.contains(" ") || isWildcard(name)) {
                throw new IllegalArgumentException("tls-name: must be a host name or an address cars use to reach"
                        + " the coordinator, was '" + name + "'");
            }
            all.add(name);
        }
        if (!isWildcard(host)) {
            all.add(host);
        }
        if (io.terafleet.coordinator.http.ListenPolicy.isLoopback(host)) {
            all.add("localhost");
            all.add("127.0.0.1");
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("tls-name: --host " + host + " listens everywhere; name the host or"
                    + " address cars reach the coordinator by, e.g. --tls-name coordinator.example");
        }
        return all;
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static String existingPassword(Path dir, String password) throws IOException {
        if (password != null && !password.isBlank()) {
            return password;
        }
        Path file = dir.resolve(PASSWORD_FILE);
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("tls-generate: " + dir.resolve(KEYSTORE) + " exists but " + file
                    + " does not; give its password with TERAFLEET_TLS_KEYSTORE_PASSWORD");
        }
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }

    /** A random password in a file only the owner may read; written before the keystore it opens. */
    private static String newPassword(Path dir) throws IOException {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        writeOwnerOnly(dir.resolve(PASSWORD_FILE), (secret + "\n").getBytes(StandardCharsets.US_ASCII), false);
        return secret;
    }

    private static void writeOwnerOnly(Path file, byte[] content, boolean createNew) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), ".tls-", ".tmp");
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.write(temp, content, StandardOpenOption.TRUNCATE_EXISTING);
            if (createNew) {
                // A keystore that appeared meanwhile is kept: moving without REPLACE_EXISTING fails instead.
                Files.move(temp, file);
            } else {
                Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair keys, Set<String> names, Instant now)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        X500Name subject = new X500Name("CN=" + names.iterator().next().replaceAll("[,+=\"\\\\<>;]", "_")
                + ",O=Terafleet coordinator");
        // Backdated an hour so a car whose clock runs a little behind still accepts it.
        var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
            alternatives.add(new GeneralName(isAddress(name) ? GeneralName.iPAddress : GeneralName.dNSName,
                    name.startsWith("[") ? name.substring(1, name.length() - 1) : name));
        }
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(alternatives.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    static boolean isAddress(String name) {
        return name.contains(":") || name.matches("[0-9.]+");
    }

    private static void writeKeystore(Path file, KeyPair keys, X509Certificate certificate, String password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, keys.getPrivate(), password.toCharArray(), new X509Certificate[] {certificate});
        var bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream stream = bytes) {
            store.store(stream, password.toCharArray());
        }
        writeOwnerOnly(file, bytes.toByteArray(), true);
    }

    static String pem(X509Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    /** The certificate's host names and addresses, as a reused keystore holds them. */
    static Set<String> namesIn(TlsConfig tls) throws IOException {
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, tls.password().toCharArray());
            var certificate = (X509Certificate) store.getCertificate(ALIAS);
            Set<String> names = new LinkedHashSet<>();
            var alternatives = certificate == null ? null : certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                alternatives.forEach(entry -> names.add(String.valueOf(entry.get(1))));
            }
            return names;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + tls.keystore() + ": " + e.getMessage(), e);
        }
    }

    private static void warnIfNotCovered(TlsConfig tls, Set<String> wanted, Path dir, PrintStream out)
            throws IOException {
        Set<String> have = namesIn(tls);
        List<String> missing = wanted.stream().filter(name -> !have.contains(name) && !have.contains(
                name.startsWith("[") ? name.substring(1, name.length() - 1) : name)).toList();
        if (!missing.isEmpty()) {
            out.println("TLS: warning: the kept certificate names " + String.join(", ", have) + ", not "
                    + String.join(", ", missing) + "; to make a new one, move " + dir + " away (cars then need"
                    + " the new " + CA + ")");
        }
    }
}
