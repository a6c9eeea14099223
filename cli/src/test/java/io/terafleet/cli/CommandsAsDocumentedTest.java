package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.agent.Agent;
import io.terafleet.agent.inference.Embedders;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.online.OnlineConfig;
import io.terafleet.agent.inference.EmbeddingModelSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command and client snippet in README.md and docs/*.md, run as {@link CommandTable} says, against one
 * coordinator and car of this test (a secured coordinator with the README's own operator key and enrollment
 * token); then every CLI command and its main options. A documented command with no line in the table, a table
 * line no doc shows any more, and a subcommand nothing runs all fail the build.
 */
class CommandsAsDocumentedTest {
    private static final String OPERATOR_KEY = "op-my-operator-key-0001";
    private static final String ENROLLMENT_TOKEN = "my-operator-token-0001";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TESTED_LANGUAGES = Set.of("js", "javascript", "python", "py");

    @TempDir
    static Path dir;
    private static Coordinator coordinator;
    private static Agent car;
    private static String key;
    private static String tenantId;
    /** Objects the docs' revocation examples take away: a second tenant's key, a car, an enrollment token. */
    private static final Map<String, String> revocable = new LinkedHashMap<>();
    private static final List<Runnable> cleanups = new ArrayList<>();

    @BeforeAll
    static void startTheDocsCloud() throws Exception {
        Path root = DocSnippets.repositoryRoot();
        Files.writeString(dir.resolve("owner-policy.json"), readmePolicy(root));
        Files.writeString(dir.resolve("snapshot.json"), """
                {"Vehicle.Speed": 0, "Vehicle.Powertrain.Transmission.SelectedGear": 126,
                 "Vehicle.Cabin.Seat.Row1.DriverSide.IsOccupied": false, "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked": true,
                 "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current": 80,
                 "Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit": 80,
                 "Vehicle.Powertrain.TractionBattery.Charging.IsChargingCableConnected": true}
                """);
        List<String> texts = SampleCorpus.take(3);
        Files.write(dir.resolve("inputs.jsonl"), JsonlFiles.lines(texts));
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            requests.add(JSON.writeValueAsString(Map.of("custom_id", "r" + i, "method", "POST", "url", "/v1/embeddings",
                    "body", Map.of("model", FleetFixture.MODEL, "input", texts.get(i)))));
        }
        Files.write(dir.resolve("requests.jsonl"), requests);
        Files.write(dir.resolve("prompts.jsonl"), List.of("{\"custom_id\": \"p1\", \"input\": \"In the beginning\"}",
                "{\"custom_id\": \"p2\", \"input\": \"And God said\"}"));
        Path nodeModules = Path.of("src/test/node/node_modules").toAbsolutePath();
        if (Files.isDirectory(nodeModules.resolve("openai"))) { // the Node snippets import the official client
            Files.createSymbolicLink(dir.resolve("node_modules"), nodeModules);
        }
        Path graph = Embedders.builtInGraph(EmbeddingModelSpec.ALL_MINILM_L6_V2, Embedders.defaultCacheDir());
        Files.createSymbolicLink(dir.resolve("model.onnx"), graph);

        var database = DatabaseConfig.h2File(dir.resolve("store"));
        var config = CoordinatorConfig.defaults(database, List.of(ENROLLMENT_TOKEN, FleetFixture.TOKEN)).withPort(0);
        // Keys as the README shows them; keyless callers act as the default tenant, as the README's plain curls do.
        coordinator = Coordinator.start(config, CloudConfig.secured(database, List.of(OPERATOR_KEY)).withAnonymous(true)
                .withDefaultLimits(EmbeddedCloud.UNTHROTTLED)
                // a car on a busy CI machine may pause longer than the default second between streamed tokens
                .withOnline(new OnlineConfig(Duration.ofSeconds(10), 3, Duration.ofSeconds(2), Duration.ofSeconds(20))),
                Clock.systemUTC());
        var http = HttpClient.newHttpClient();
        var created = http.send(HttpRequest.newBuilder(coordinator.uri().resolve("/v1/tenants"))
                .header("Authorization", "Bearer " + OPERATOR_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"docs\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode tenant = JSON.readTree(created.body());
        key = tenant.get("api_key").asText();
        tenantId = tenant.get("id").asText();
        var upload = http.send(HttpRequest.newBuilder(coordinator.uri().resolve("/v1/models?name=minilm-raw&kind=raw"))
                .header("Authorization", "Bearer " + OPERATOR_KEY).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(graph)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        createRevocables(http);
        car = FleetFixture.agent(coordinator.uri(), "docs-car", List.of(FleetFixture.MODEL, "minilm-raw",
                GenerationFleet.MODEL));
        await().atMost(Duration.ofSeconds(60)).until(() -> coordinator.cloud().router().readyCars(FleetFixture.MODEL) > 0
                && coordinator.cloud().router().readyCars("minilm-raw") > 0
                && coordinator.cloud().router().readyCars(GenerationFleet.MODEL) > 0);
    }

    private static void createRevocables(HttpClient http) throws Exception {
        JsonNode tenant = JSON.readTree(operatorPost(http, "/v1/tenants", "{\"name\": \"revocable\"}"));
        revocable.put("{revocable-tenant}", tenant.get("id").asText());
        revocable.put("{revocable-key-prefix}", tenant.get("key_prefix").asText());
        revocable.put("{revocable-owner}", JSON.readTree(operatorPost(http, "/v1/owners", "{\"id\": \"revocable-owner\"}"))
                .get("id").asText());
        revocable.put("{revocable-token}", JSON.readTree(operatorPost(http, "/v1/enrollment-tokens", ""))
                .get("enrollment_token").asText());
        revocable.put("{revocable-token-2}", JSON.readTree(operatorPost(http, "/v1/enrollment-tokens", ""))
                .get("enrollment_token").asText());
        var enrolled = http.send(HttpRequest.newBuilder(coordinator.uri().resolve("/v1/agent/enroll"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        new io.terafleet.core.api.EnrollRequest(ENROLLMENT_TOKEN, "revocable-car", "HW3", null,
                                io.terafleet.agent.identity.CarSigner.withNewKey().publicKey())))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(enrolled.statusCode()).as(enrolled.body()).isBetween(200, 201);
        revocable.put("{revocable-car}", JSON.readTree(enrolled.body()).get("carId").asText());
    }

    private static String operatorPost(HttpClient http, String path, String body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(coordinator.uri().resolve(path))
                .header("Authorization", "Bearer " + OPERATOR_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.body();
    }

    @AfterAll
    static void stop() {
        if (car != null) {
            car.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        cleanups.forEach(Runnable::run);
    }

    /** The README's example owner policy (the json block with "optedIn"): the docs' own file. */
    private static String readmePolicy(Path root) throws IOException {
        return DocSnippets.blocks(root, root.resolve("README.md")).stream()
                .filter(b -> b.language().equals("json") && b.text().contains("\"optedIn\"")).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no example owner policy")).text();
    }

    /** A documented thing to test: a shell command, or a client snippet keyed by its first line. */
    record Documented(String file, int line, String language, String key, String text) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    static List<Documented> documented() throws IOException {
        Path root = DocSnippets.repositoryRoot();
        List<Documented> all = new ArrayList<>();
        for (Path doc : DocSnippets.documents(root)) {
            for (var block : DocSnippets.blocks(root, doc)) {
                if (DocSnippets.SHELL.contains(block.language())) {
                    for (var command : DocSnippets.commands(block)) {
                        all.add(new Documented(command.file(), command.line(), "bash",
                                command.text().replaceAll("\\s+", " "), command.text()));
                    }
                } else if (TESTED_LANGUAGES.contains(block.language())) {
                    String first = block.text().lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
                    all.add(new Documented(block.file(), block.line(), block.language(), first, block.text()));
                }
            }
        }
        return all;
    }

    @Test
    void everyDocumentedCommandHasALineInTheTableAndEveryLineADocumentedCommand() throws IOException {
        List<Documented> documented = documented();
        List<String> missing = documented.stream().filter(d -> !CommandTable.DOCS.containsKey(d.key()))
                .map(d -> d + " has no line in CommandTable.DOCS; add one, e.g.\n        t.put(\""
                        + d.key().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                        + "\", cli(\"ARGS AT A SMALL SIZE\", \"EXPECTED OUTPUT\"));").toList();
        assertThat(missing).as("documented commands nothing tests").isEmpty();
        Set<String> shown = new TreeSet<>(documented.stream().map(Documented::key).toList());
        assertThat(CommandTable.DOCS.keySet().stream().filter(k -> !shown.contains(k)).toList())
                .as("CommandTable.DOCS lines no doc shows any more").isEmpty();
    }

    @Test
    void everyCommandIsRun() {
        List<String> runs = new ArrayList<>();
        CommandTable.DOCS.values().forEach(example -> {
            switch (example) {
                case CommandTable.Cli cli -> runs.add(cli.args());
                case CommandTable.Server server -> runs.add(server.args());
                default -> { }
            }
        });
        CommandTable.SMOKE.forEach(cli -> runs.add(cli.args()));
        List<String> notRun = commandNames(Main.commandLine(), "").stream()
                .filter(name -> runs.stream().noneMatch(args -> args.equals(name) || args.startsWith(name + " ")))
                .toList();
        assertThat(notRun).as("commands with no run in CommandTable.DOCS or CommandTable.SMOKE").isEmpty();
    }

    private static List<String> commandNames(CommandLine command, String prefix) {
        List<String> names = new ArrayList<>();
        command.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().aliases().equals(new String[0]) && !name.equals(sub.getCommandName())) {
                return; // an alias of a command listed under its own name
            }
            names.add(prefix + name);
            names.addAll(commandNames(sub, prefix + name + " "));
        });
        return names;
    }

    @TestFactory
    Stream<DynamicTest> theDocsRunAsWritten() throws IOException {
        Map<String, Documented> first = new LinkedHashMap<>();
        for (Documented d : documented()) {
            first.putIfAbsent(d.key(), d);
        }
        return first.values().stream().filter(d -> CommandTable.DOCS.containsKey(d.key()))
                .map(d -> DynamicTest.dynamicTest(d + " " + abbreviate(d.key()), () -> run(d, CommandTable.DOCS.get(d.key()))));
    }

    @TestFactory
    Stream<DynamicTest> everyCommandRunsWithItsMainOptions() {
        return CommandTable.SMOKE.stream().map(cli -> DynamicTest.dynamicTest(cli.args(), () -> runCli(cli, null)));
    }

    private static void run(Documented doc, CommandTable.Example example) throws Exception {
        switch (example) {
            case CommandTable.Cli cli -> runCli(cli, redirectTarget(doc.text()));
            case CommandTable.Server server -> runServer(server);
            case CommandTable.AsWritten written -> runAsWritten(doc, written);
            case CommandTable.NotRun notRun -> Assumptions.abort("not run here: " + notRun.why());
        }
    }

    /** Runs already made, by argument list: doc lines that differ only in size share one. */
    private static final Map<String, CliRun> RUNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static void runCli(CommandTable.Cli cli, String redirectTo) throws IOException {
        String args = cli.args().contains("{pg-server}") ? cli.args().replace("{pg-server}", postgresServer())
                : cli.args();
        args = fill(args);
        CliRun run = RUNS.get(args);
        if (run == null) {
            run = CliRun.of(args.split(" "));
            RUNS.put(args, run);
        }
        assertThat(run.exitCode()).as(run.toString()).isZero();
        for (String expected : cli.expect()) {
            assertThat(Pattern.compile(expected).matcher(run.out() + run.err()).find())
                    .as("/%s/ in the output of terafleet %s%n%s", expected, cli.args(), run).isTrue();
        }
        if (redirectTo != null) {
            Files.writeString(dir.resolve(redirectTo), run.out());
        }
    }

    /** {@code > FILE} at the end of a documented command: the test keeps the output there too, as the shell would. */
    private static String redirectTarget(String text) {
        var matcher = Pattern.compile(">\\s*(\\S+)\\s*$").matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static void runServer(CommandTable.Server server) throws Exception {
        String args = server.args();
        if (args.contains("{pg}")) {
            args = args.replace("{pg}", postgresDatabase());
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.terafleet.cli.Main"));
        command.addAll(List.of(fill(args).split(" ")));
        Path log = Files.createTempFile(dir, "server-", ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .failFast(() -> !process.isAlive())
                    .until(() -> Pattern.compile(server.ready()).matcher(Files.readString(log)).find());
        } catch (Throwable e) {
            throw new AssertionError("terafleet " + args + " did not print /" + server.ready() + "/:\n"
                    + Files.readString(log), e);
        } finally {
            process.destroy(); // SIGTERM: the shutdown hook stops it cleanly
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(Files.readString(log)).as("terafleet %s", args).doesNotContain("Exception");
    }

    private static void runAsWritten(Documented doc, CommandTable.AsWritten written) throws Exception {
        String text = doc.text().replace("http://127.0.0.1:8080", coordinator.uri().toString());
        for (var replacement : written.replacing().entrySet()) {
            text = text.replace(replacement.getKey(), fill(replacement.getValue()));
        }
        List<String> command;
        if (doc.language().equals("bash")) {
            Assumptions.assumeTrue(onPath(text.split(" ")[0]), text.split(" ")[0] + " is not installed here");
            command = List.of("bash", "-c", "set -o pipefail; " + text);
        } else {
            Assumptions.assumeTrue(onPath("node"), "node is not installed here");
            Path script = Files.createTempFile(dir, "snippet-", ".mjs");
            Files.writeString(script, text);
            command = List.of("node", script.toString());
        }
        var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("KEY", key);
        builder.environment().put("OPERATOR_KEY", OPERATOR_KEY);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s%n%s", text, output).isZero();
        for (String expected : written.expect()) {
            assertThat(Pattern.compile(expected).matcher(output).find()).as("/%s/ in the output of%n%s%n%s", expected,
                    text, output).isTrue();
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static String fill(String args) {
        for (var placeholder : revocable.entrySet()) {
            args = args.replace(placeholder.getKey(), placeholder.getValue());
        }
        return args.replace("{url}", coordinator.uri().toString()).replace("{dir}", dir.toString())
                .replace("{key}", key).replace("{tenant}", tenantId)
                .replace("{root}", DocSnippets.repositoryRoot().toString());
    }

    /** The PostgreSQL server the suite uses, as a URL ending in a slash, when one answers; skipped otherwise. */
    private static String postgresServer() {
        String host = System.getenv().getOrDefault("TERAFLEET_PG_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("TERAFLEET_PG_PORT", "5432");
        String server = "jdbc:postgresql://" + host + ":" + port + "/";
        try (var connection = DriverManager.getConnection(server + "postgres", "postgres", "")) {
            return server;
        } catch (Exception e) {
            Assumptions.abort("no PostgreSQL at " + host + ":" + port + ": " + e.getMessage());
            throw new AssertionError(e);
        }
    }

    /** A fresh database on the PostgreSQL the suite uses, when one answers; the example is skipped otherwise. */
    private static String postgresDatabase() {
        String host = System.getenv().getOrDefault("TERAFLEET_PG_HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("TERAFLEET_PG_PORT", "5432");
        String name = "cli_docs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String admin = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (var connection = DriverManager.getConnection(admin, "postgres", "");
             var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            Assumptions.abort("no PostgreSQL at " + host + ":" + port + ": " + e.getMessage());
        }
        cleanups.add(() -> {
            try (var connection = DriverManager.getConnection(admin, "postgres", "");
                 var statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (Exception e) {
                System.err.println("could not drop " + name + ": " + e.getMessage());
            }
        });
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    private static String abbreviate(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 90 ? line.substring(0, 90) + "…" : line;
    }
}
