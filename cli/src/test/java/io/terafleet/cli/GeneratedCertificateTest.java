package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.http.TlsConfig;
import io.terafleet.core.api.EnrollRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coordinator --tls-generate DIR}: a coordinator serving HTTPS with the certificate made into DIR answers a
 * client that pins the CA file written beside it, refuses one that does not, and keeps the same key on its next start.
 */
class GeneratedCertificateTest {
    private static final String KEY = io.terafleet.agent.identity.CarSigner.withNewKey().publicKey();

    @TempDir
    Path dir;

    @Test
    void aGeneratedCertificateIsServedToAClientPinningItsCaAndKeptOnTheNextStart() throws Exception {
        Path tlsDir = dir.resolve("tls");
        var out = new ByteArrayOutputStream();
        TlsConfig first = GeneratedCertificate.openOrCreate(tlsDir, "127.0.0.1", List.of(), null, Clock.systemUTC(),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        Path ca = tlsDir.resolve(GeneratedCertificate.CA);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--ca-cert " + ca.toAbsolutePath());
        assertThat(GeneratedCertificate.namesIn(first)).contains("127.0.0.1", "localhost");
        Path passwordFile = tlsDir.resolve(GeneratedCertificate.PASSWORD_FILE);
        assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(first.keystore()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        byte[] keystore = Files.readAllBytes(first.keystore());
        String caPem = Files.readString(ca);

        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir.resolve("db")), List.of(FleetFixture.TOKEN))
                .withPort(0);
        try (Coordinator coordinator = Coordinator.start(config, io.terafleet.coordinator.CloudConfig.embedded(
                config.database()), Clock.systemUTC(), first)) {
            assertThat(coordinator.uri().getScheme()).isEqualTo("https");
            var pinned = new CoordinatorClient(coordinator.uri(), ca);
            assertThat(pinned.enroll(new EnrollRequest(FleetFixture.TOKEN, "tls-car", "HW3", null, KEY)).carId())
                    .startsWith("car-");
            var publicRoots = new CoordinatorClient(coordinator.uri());
            assertThatThrownBy(() -> publicRoots.enroll(new EnrollRequest(FleetFixture.TOKEN, "x", "HW3", null, KEY)))
                    .as("a client that does not pin the generated CA refuses it")
                    .isInstanceOf(CoordinatorException.class);
        }

        var again = new ByteArrayOutputStream();
        TlsConfig second = GeneratedCertificate.openOrCreate(tlsDir, "127.0.0.1", List.of("coordinator.example"),
                null, Clock.systemUTC(), new PrintStream(again, true, StandardCharsets.UTF_8));
        assertThat(Files.readAllBytes(second.keystore())).as("the key is kept").isEqualTo(keystore);
        assertThat(Files.readString(ca)).isEqualTo(caPem);
        assertThat(again.toString(StandardCharsets.UTF_8)).contains("reusing")
                .contains("warning").contains("coordinator.example");
    }

    @Test
    void theOperatorsPasswordIsUsedAndNotWrittenDown() throws Exception {
        Path tlsDir = dir.resolve("tls");
        var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        TlsConfig tls = GeneratedCertificate.openOrCreate(tlsDir, "0.0.0.0", List.of("192.0.2.10",
                "coordinator.example"), "operator-password-0001", Clock.systemUTC(), sink);
        assertThat(tlsDir.resolve(GeneratedCertificate.PASSWORD_FILE)).doesNotExist();
        assertThat(GeneratedCertificate.namesIn(tls)).containsExactlyInAnyOrder("192.0.2.10", "coordinator.example");
        assertThatThrownBy(() -> GeneratedCertificate.openOrCreate(tlsDir, "0.0.0.0", List.of("192.0.2.10"), null,
                Clock.systemUTC(), sink)).hasMessageStartingWith("tls-generate:")
                .hasMessageContaining("TERAFLEET_TLS_KEYSTORE_PASSWORD");
        assertThat(new TlsConfig(tls.keystore(), "operator-password-0001").keystore()).isEqualTo(tls.keystore());
    }

    @Test
    void refusedCombinationsAreBadUsageInOneLine() {
        var both = CliRun.of("coordinator", "--tls-keystore", dir.resolve("mine.p12").toString(), "--tls-generate",
                dir.resolve("tls").toString());
        assertThat(both.exitCode()).as(both.toString()).isEqualTo(2);
        assertThat(both.err()).contains("tls-generate").contains("not both");
        assertThat(both.hasNoStackTrace()).as(both.toString()).isTrue();

        var everywhere = CliRun.of("coordinator", "--host", "0.0.0.0", "--tls-generate", dir.resolve("tls").toString());
        assertThat(everywhere.exitCode()).as(everywhere.toString()).isEqualTo(2);
        assertThat(everywhere.err()).contains("tls-name").contains("0.0.0.0");

        var nameAlone = CliRun.of("coordinator", "--tls-name", "coordinator.example");
        assertThat(nameAlone.exitCode()).as(nameAlone.toString()).isEqualTo(2);
        assertThat(nameAlone.err()).contains("tls-name").contains("--tls-generate");
        assertThat(dir.resolve("tls")).as("nothing is made on bad usage").doesNotExist();
    }
}
