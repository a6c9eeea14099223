package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.terafleet.agent.Agent;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.agent.inference.Embedders;
import io.terafleet.agent.signals.SimulatedParkedCar;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.http.ListenPolicy;
import io.terafleet.coordinator.http.TlsConfig;
import io.terafleet.core.api.EnrollRequest;
import io.terafleet.core.policy.OwnerPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator serving HTTPS with a keystore made by the JDK's keytool: an agent that pins the CA which issued its
 * certificate enrolls; a client pinning another CA, or speaking plain HTTP, gets nowhere.
 */
class HttpsCoordinatorTest {
    private static final String KEY = io.terafleet.agent.identity.CarSigner.withNewKey().publicKey();

    private static final String PASSWORD = "keystore-password-0001";
    @TempDir
    Path dir;

    /** A self-signed certificate for 127.0.0.1 and localhost in a PKCS12 keystore, and its certificate as PEM. */
    private Path[] keystore(String name) throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + name, "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        return new Path[] {store, pem};
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        var command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }

    @Test
    void anAgentPinningTheCoordinatorsCaEnrollsAndOtherClientsAreRefused() throws Exception {
        Path[] coordinatorKeys = keystore("coordinator");
        Path[] otherKeys = keystore("impostor");
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN)).withPort(0);
        try (Coordinator coordinator = Coordinator.start(config, io.terafleet.coordinator.CloudConfig.embedded(
                config.database()), Clock.systemUTC(), new TlsConfig(coordinatorKeys[0], PASSWORD))) {
            assertThat(coordinator.uri().getScheme()).isEqualTo("https");

            var pinned = new CoordinatorClient(coordinator.uri(), coordinatorKeys[1]);
            assertThat(pinned.enroll(new EnrollRequest(FleetFixture.TOKEN, "tls-car", "HW3", null, KEY)).carId())
                    .startsWith("car-");

            var wrongCa = new CoordinatorClient(coordinator.uri(), otherKeys[1]);
            assertThatThrownBy(() -> wrongCa.enroll(new EnrollRequest(FleetFixture.TOKEN, "x", "HW3", null, KEY)))
                    .isInstanceOf(CoordinatorException.class).hasMessageContaining("SSLHandshakeException");
            var publicRoots = new CoordinatorClient(coordinator.uri());
            assertThatThrownBy(() -> publicRoots.enroll(new EnrollRequest(FleetFixture.TOKEN, "x", "HW3", null, KEY)))
                    .as("a self-signed certificate is not one the JDK's roots vouch for")
                    .isInstanceOf(CoordinatorException.class);
            var plain = new CoordinatorClient(java.net.URI.create("http://127.0.0.1:" + coordinator.port()));
            assertThatThrownBy(() -> plain.enroll(new EnrollRequest(FleetFixture.TOKEN, "x", "HW3", null, KEY)))
                    .as("no plain HTTP beside HTTPS").isInstanceOf(CoordinatorException.class);

            var submitted = new JobClient(coordinator.uri(), null, coordinatorKeys[1])
                    .submit(FleetFixture.jsonl(List.of("a parked car")), FleetFixture.MODEL);
            assertThat(submitted.id()).as("the CLI pins the CA too").isNotBlank();
            assertThatThrownBy(() -> new JobClient(coordinator.uri(), null, otherKeys[1])
                    .submit(FleetFixture.jsonl(List.of("a parked car")), FleetFixture.MODEL))
                    .isInstanceOf(Exception.class);

            var agentConfig = new AgentConfig(coordinator.uri(), FleetFixture.TOKEN, "tls-agent", "HW3",
                    List.of(FleetFixture.MODEL), 16, Duration.ofSeconds(2), Duration.ofMillis(100),
                    OwnerPolicy.defaults()).withCaCert(coordinatorKeys[1]);
            try (Agent agent = new Agent(agentConfig, new SimulatedParkedCar(Clock.systemUTC(), 80),
                    model -> Embedders.open(model, Embedders.defaultCacheDir(), 1), Clock.systemUTC()).start()) {
                assertThat(await().atMost(Duration.ofSeconds(30)).until(agent::carId, id -> id != null))
                        .startsWith("car-");
            }
        }
    }

    @Test
    void aKeystoreThatDoesNotOpenIsRefusedNamingTheField() throws Exception {
        Path[] keys = keystore("coordinator");
        assertThatThrownBy(() -> new TlsConfig(keys[0], "wrong-password")).hasMessageStartingWith("keystore:");
        assertThatThrownBy(() -> new TlsConfig(dir.resolve("missing.p12"), PASSWORD))
                .hasMessageStartingWith("keystore:");
        assertThat(new TlsConfig(keys[0], PASSWORD).toString()).doesNotContain(PASSWORD);
    }

    @Test
    void plainHttpIsServedOnlyOnLoopbackUnlessAskedForExplicitly() {
        ListenPolicy.check("127.0.0.1", false, false);
        ListenPolicy.check("localhost", false, false);
        ListenPolicy.check("::1", false, false);
        ListenPolicy.check("0.0.0.0", true, false);
        ListenPolicy.check("0.0.0.0", false, true);
        assertThatThrownBy(() -> ListenPolicy.check("0.0.0.0", false, false)).hasMessageStartingWith("host:");
        assertThatThrownBy(() -> ListenPolicy.check("192.0.2.10", false, false)).hasMessageStartingWith("host:");
    }
}
