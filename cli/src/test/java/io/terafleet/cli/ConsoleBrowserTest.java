package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.agent.Agent;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.inference.Embedders;
import io.terafleet.agent.signals.SimulatedParkedCar;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The console in a real browser against a real coordinator and a real car: each role signs in, sees its state
 * change without a reload, and does its main tasks; each page is saved as a screenshot for the docs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final String OPERATOR_KEY = "operator-key-for-console-tests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static Coordinator coordinator;
    static Agent car;
    static String ownerKey;
    static String apiKey;
    /** Per page: milliseconds to the load event and to the page drawn with its data (Navigation Timing). */
    static final java.util.Map<String, long[]> timings = new java.util.TreeMap<>();
    static final java.util.Map<String, String> slowest = new java.util.TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        ConsoleBrowser.assumeInstalled();
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of()).withPort(0).withUnitSize(8);
        coordinator = Coordinator.start(config, CloudConfig.secured(config.database(), List.of(OPERATOR_KEY)),
                Clock.systemUTC());
        ownerKey = send("POST", "/v1/owners", "{\"id\": \"olivia\", \"name\": \"Olivia\"}", OPERATOR_KEY)
                .get("owner_key").asText();
        String grant = send("POST", "/v1/enrollment-tokens", "{\"owner_id\": \"olivia\"}", OPERATOR_KEY)
                .get("enrollment_token").asText();
        apiKey = send("POST", "/v1/tenants", "{\"name\": \"acme\"}", OPERATOR_KEY).get("api_key").asText();
        var agent = new AgentConfig(coordinator.uri(), grant, "red-car", "HW3", List.of(FleetFixture.MODEL), 16,
                Duration.ofSeconds(2), Duration.ofMillis(100), FleetFixture.OPTED_IN);
        car = new Agent(agent, new SimulatedParkedCar(Clock.systemUTC(), 80),
                model -> Embedders.open(model, Embedders.defaultCacheDir(), 1), Clock.systemUTC()).start();
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() ->
                coordinator.cloud().router().readyCars(FleetFixture.MODEL) > 0);
    }

    @AfterAll
    static void stop() {
        // Printed, not asserted: the figures depend on the machine; docs/console.md records them.
        timings.forEach((role, t) -> System.out.println("console page " + role + ": load event " + t[0]
                + " ms, drawn with its data " + t[1] + " ms; slowest requests: " + slowest.get(role)));
        printLiveStateCost();
        if (car != null) {
            car.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
    }

    @Test
    @Order(1)
    void aCustomerSignsInFollowsAJobAndABatchToCompletionAndRevokesAKey() throws Exception {
        try (var browser = ConsoleBrowser.open()) {
            browser.go(page(null));
            browser.find("#key");
            assertThat(browser.accessibilityProblems()).isEmpty();
            assertThat(browser.focusIsVisibleAfterTab()).as("the keyboard focus is visible").isTrue();
            browser.screenshot("sign-in");
            browser.find("#key").sendKeys("not-a-key-of-this-coordinator");
            browser.find("#sign-in button[type=submit]").click();
            browser.awaitText("#sign-in-error", ".*not valid.*");
            browser.find("#key").clear();
            browser.find("#key").sendKeys(apiKey);
            browser.find("#sign-in button[type=submit]").click();
            browser.awaitSignedIn("tenant");

            String job = send("POST", "/v1/jobs?model=" + FleetFixture.MODEL, jsonl(40), apiKey).get("id").asText();
            browser.awaitText("[data-job-state='" + job + "']", "completed");
            String batch = batch(12);
            browser.awaitText("[data-batch-status='" + batch + "']", "completed");

            browser.find("#key-label").sendKeys("x".repeat(101));
            browser.find("#new-key button[type=submit]").click();
            assertThat(browser.awaitText("#key-label-error", ".+")).contains("100 characters");
            browser.find("#key-label").clear();
            browser.find("#key-label").sendKeys("ci");
            browser.find("#new-key button[type=submit]").click();
            String made = browser.awaitText("#new-key-value", "sk-tf-\\S+");
            assertThat(status("GET", "/v1/files", made)).isEqualTo(200);
            String second = send("POST", "/v1/jobs?model=" + FleetFixture.MODEL, jsonl(8), made).get("id").asText();
            browser.awaitText("[data-job-state='" + second + "']", "completed");
            browser.awaitText("[data-key-cost='" + made.substring(0, 10) + "']", "ci \\(" + made.substring(0, 10) + ".*");
            browser.find("[data-revoke='" + made.substring(0, 10) + "']").click();
            browser.await(d -> d.findElements(By.cssSelector("[data-revoke='" + made.substring(0, 10) + "']")).isEmpty());
            assertThat(status("GET", "/v1/files", made)).as("the revoked key").isEqualTo(401);
            browser.awaitText("#usage tbody tr td:nth-child(2)", FleetFixture.MODEL); // charged, shown without reload
            // Cost by key: the key signed in with, and the revoked one, each with what its own jobs cost.
            browser.awaitText("[data-key-cost='" + made.substring(0, 10) + "']", ".*revoked.*");
            browser.awaitText("[data-key-cost='" + apiKey.substring(0, 10) + "']", apiKey.substring(0, 10) + ".*");
            browser.find("#usage-key-chart canvas");
            assertThat(browser.find("#limits").getText()).contains("Requests per second").contains("Inputs per day");
            assertThat(browser.accessibilityProblems()).isEmpty();
            browser.screenshot("customer");
            browser.phoneSized();
            browser.screenshot("customer-phone");
            browser.driver.get("about:blank"); // a fresh load, not a change of the address's fragment
            browser.go(page(apiKey));
            browser.awaitSignedIn("tenant");
            timings.put("customer", browser.timings());
            slowest.put("customer", browser.slowestRequests());
        }
    }

    @Test
    @Order(2)
    void theOperatorSeesTheFleetAndCreatesAnOwnerAfterAFieldError() throws Exception {
        try (var browser = ConsoleBrowser.open()) {
            String suspect = quarantinedCar();
            send("POST", "/v1/embeddings", "{\"model\": \"" + FleetFixture.MODEL + "\", \"input\": \"hello\"}",
                    apiKey); // an online request, answered by the car: the latency chart has a point
            browser.go(page(OPERATOR_KEY));
            browser.awaitSignedIn("operator");
            assertThat(browser.driver.getCurrentUrl()).as("the key leaves the address bar").doesNotContain("key=");
            browser.awaitText("#fleet-cars tbody tr td:nth-child(2)", "1");
            browser.awaitText("#ledger-health", "The ledger balances.*");
            browser.find("#owner-money");
            browser.find("#throughput-chart canvas");
            browser.find("#latency-chart canvas");
            browser.awaitText("#online tbody tr td:nth-child(1)", FleetFixture.MODEL); // the car offers itself online
            browser.find("[data-reinstate='" + suspect + "']");
            browser.screenshot("operator-trust");
            browser.find("[data-reinstate='" + suspect + "']").click();
            browser.awaitText("#trust-status", ".*reinstated.*");
            browser.await(d -> d.findElements(By.cssSelector("[data-reinstate='" + suspect + "']")).isEmpty());
            assertThat(browser.accessibilityProblems()).isEmpty();
            timings.put("operator", browser.timings());
            slowest.put("operator", browser.slowestRequests());
            browser.find("#owner-id").sendKeys("has space");
            browser.find("#new-owner button[type=submit]").click();
            assertThat(browser.awaitText("#owner-id-error", ".+")).contains("owner id");
            assertThat(browser.driver.switchTo().activeElement().getDomAttribute("id")).as("focus goes to the field at fault")
                    .isEqualTo("owner-id");
            browser.find("#owner-id").clear();
            browser.find("#owner-id").sendKeys("oscar", org.openqa.selenium.Keys.ENTER); // the keyboard alone
            assertThat(browser.awaitText("#owners-section .secret", "tfo-\\S+")).startsWith("tfo-");
            browser.find("[data-grant='oscar']").click();
            String grant = browser.awaitText("#grant-token", "\\S{16,}");
            String publicKey = java.util.Base64.getEncoder().encodeToString(java.security.KeyPairGenerator
                    .getInstance("Ed25519").generateKeyPair().getPublic().getEncoded()); // a grant's car signs
            send("POST", "/v1/agent/enroll", "{\"enrollmentToken\": \"" + grant + "\", \"carName\": \"blue-car\","
                    + " \"publicKey\": \"" + publicKey + "\"}", OPERATOR_KEY);
            assertThat(send("GET", "/v1/owners/oscar/cars", "", OPERATOR_KEY).get("data")).as("the grant's car is oscar's")
                    .hasSize(1);
            browser.screenshot("operator");
        }
    }

    @Test
    @Order(3)
    void anOwnerSeesItsCarAndEarningsAndTheCarsStateChangeLive() throws Exception {
        try (var browser = ConsoleBrowser.open()) {
            browser.go(page(ownerKey));
            browser.awaitSignedIn("owner");
            timings.put("owner", browser.timings());
            slowest.put("owner", browser.slowestRequests());
            browser.awaitText("[data-car-state]", "may compute now|computing");
            browser.awaitText("[data-car-battery]", "80 %, plugged in.*");
            browser.find("#statement");
            browser.find("#export-csv");

            // The policy editor: an error is shown beside its field and takes the focus; fixed, it is saved.
            browser.find("#policy-form");
            var optedIn = browser.find("#policy-optedIn");
            if (!optedIn.isSelected()) {
                optedIn.click();
            }
            browser.find("#policy-minStateOfChargePercent").clear();
            browser.find("#policy-minStateOfChargePercent").sendKeys("150");
            browser.find("#policy-form button[type=submit]").click();
            assertThat(browser.awaitText("#policy-minStateOfChargePercent-error", ".+")).contains("0").contains("100");
            assertThat(browser.driver.switchTo().activeElement().getDomAttribute("id")).as("focus goes to the field at fault")
                    .isEqualTo("policy-minStateOfChargePercent");
            assertThat(browser.find("#policy-minStateOfChargePercent").getDomAttribute("aria-invalid")).isEqualTo("true");
            browser.find("#policy-minStateOfChargePercent").clear();
            browser.find("#policy-minStateOfChargePercent").sendKeys("90"); // above the car's 80 %
            browser.find("#policy-form button[type=submit]").click();
            browser.awaitText("#policy-status", "Saved as version 1.*");
            assertThat(browser.find("#policy-history tbody tr td:nth-child(2)").getText()).isEqualTo("owner:olivia");

            // The real car is rung on its online channel, reports, is handed the policy and applies it at once.
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> Long.valueOf(1).equals(car.policyVersion()));
            assertThat(car.policy().minStateOfChargePercent()).isEqualTo(90);
            assertThat(car.explain()).extracting(why -> why.reason()).contains("soc_below_floor");
            browser.awaitText("[data-car-reasons]", "(?s).*soc_below_floor.*"); // every reason, as the car explains
            browser.awaitText("[data-car-state]", ".*soc_below_floor.*");
            browser.awaitText("#policy-applied", "The car applies version 1.");
            browser.awaitText("[data-policy-version='1']", "applied");
            assertThat(browser.accessibilityProblems()).isEmpty();
            browser.screenshot("owner");
            browser.phoneSized();
            browser.screenshot("owner-phone");
            String carId = browser.find("[data-car-state]").getDomAttribute("data-car-state");
            assertThat(status("POST", "/v1/cars/" + carId + "/revoke", OPERATOR_KEY)).isEqualTo(204);
            browser.awaitText("[data-car-state]", "revoked");
        }
    }

    /** What each role's live feed sends every second: the bytes of one state, and how long the coordinator took. */
    private static void printLiveStateCost() {
        if (coordinator == null || apiKey == null) {
            return;
        }
        var keys = new java.util.LinkedHashMap<String, String>();
        keys.put("customer", apiKey);
        keys.put("operator", OPERATOR_KEY);
        keys.put("owner", ownerKey);
        keys.forEach((role, key) -> {
            try {
                long start = System.nanoTime();
                String body = HTTP.send(HttpRequest.newBuilder(coordinator.uri().resolve("/v1/console/live"))
                        .header("Authorization", "Bearer " + key).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                System.out.println("console live state " + role + ": " + body.length() + " bytes, answered in "
                        + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
            } catch (Exception e) {
                System.out.println("console live state " + role + ": not read (" + e + ")");
            }
        });
    }

    /** A second car, enrolled and put in quarantine as three wrong results would, for the operator to reinstate. */
    private static String quarantinedCar() throws Exception {
        String token = send("POST", "/v1/enrollment-tokens", "", OPERATOR_KEY).get("enrollment_token").asText();
        String carId = send("POST", "/v1/agent/enroll", "{\"enrollmentToken\": \"" + token
                + "\", \"carName\": \"grey-car\", \"publicKey\": \""
                + io.terafleet.agent.identity.CarSigner.withNewKey().publicKey() + "\"}", OPERATOR_KEY).get("carId").asText();
        try (var store = io.terafleet.coordinator.db.Database.open(DatabaseConfig.h2File(dir))) {
            store.inTransaction(c -> {
                try (var insert = c.prepareStatement("INSERT INTO car_trust (car_id, state, valid_streak, strikes,"
                        + " total_valid, total_invalid, canaries_passed, updated_at) VALUES (?, 'QUARANTINED', 0, 3, 7, 3, 1, 0)")) {
                    insert.setString(1, carId);
                    return insert.executeUpdate();
                }
            });
        }
        return carId;
    }

    private static URI page(String key) {
        return coordinator.uri().resolve("/console" + (key == null ? "" : "#key=" + URLEncoder.encode(key,
                StandardCharsets.UTF_8)));
    }

    private static String jsonl(int count) {
        return String.join("\n", JsonlFiles.lines(SampleCorpus.take(count))) + "\n";
    }

    private static String batch(int count) throws Exception {
        var lines = new StringBuilder();
        List<String> texts = SampleCorpus.take(count);
        for (int i = 0; i < texts.size(); i++) {
            lines.append("{\"custom_id\": \"r-").append(i).append("\", \"method\": \"POST\", \"url\": \"/v1/embeddings\",")
                    .append(" \"body\": {\"model\": \"").append(FleetFixture.MODEL).append("\", \"input\": ")
                    .append(JSON.writeValueAsString(texts.get(i))).append("}}\n");
        }
        String boundary = "console-test-boundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n"
                + "Content-Type: application/jsonl\r\n\r\n" + lines + "\r\n--" + boundary + "--\r\n";
        var upload = HTTP.send(HttpRequest.newBuilder(coordinator.uri().resolve("/v1/files"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        String file = JSON.readTree(upload.body()).get("id").asText();
        return send("POST", "/v1/batches", "{\"input_file_id\": \"" + file + "\", \"endpoint\": \"/v1/embeddings\","
                + " \"completion_window\": \"24h\"}", apiKey).get("id").asText();
    }

    private static JsonNode send(String method, String path, String body, String key) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(coordinator.uri().resolve(path))
                .header("Authorization", "Bearer " + key).header("Content-Type", path.startsWith("/v1/jobs")
                        ? "application/jsonl" : "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 201);
        return JSON.readTree(response.body());
    }

    private static int status(String method, String path, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(coordinator.uri().resolve(path)).header("Authorization", "Bearer " + key)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
