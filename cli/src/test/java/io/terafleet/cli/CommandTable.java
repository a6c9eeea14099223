package io.terafleet.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one table of what the test suite runs for each command the docs show, and for each CLI command besides.
 * A command added to README.md or docs/*.md needs one line here (the test says which, with the line to add);
 * a new subcommand needs a run in either table.
 *
 * <p>Placeholders: {@code {url}} the test coordinator, {@code {dir}} the work folder (the docs' files are there:
 * owner-policy.json from the README, snapshot.json, inputs.jsonl, requests.jsonl, model.onnx), {@code {key}} a
 * tenant's API key, {@code {tenant}} its id. Benchmarks and simulations run at a small size; their doc lines show
 * the size flag the test turns down; doc lines that differ only in size share one run (a run is made once per
 * distinct argument list). Expectations are regular expressions found in the output.
 */
final class CommandTable {
    /** The operator key of the test coordinator; it reads any owner's statement, as an owner key reads its own. */
    private static final String DOCS_OPERATOR_KEY = "op-my-operator-key-0001";

    private CommandTable() {
    }

    /** How a documented line is tested. */
    sealed interface Example {
    }

    /** {@code terafleet ARGS} in this JVM: exit 0 and every pattern in its output. */
    record Cli(String args, List<String> expect) implements Example {
    }

    /** {@code terafleet ARGS} as its own process that runs until stopped: ready when {@code ready} (a regex) is found. */
    record Server(String args, String ready) implements Example {
    }

    /**
     * The doc's text run by bash (curl) or node in the work folder, URL pointed at the test coordinator; {@code
     * replacing} changes a name the test's coordinator already holds.
     */
    record AsWritten(List<String> expect, Map<String, String> replacing) implements Example {
        AsWritten expecting(String more) {
            var all = new java.util.ArrayList<>(expect);
            all.add(more);
            return new AsWritten(List.copyOf(all), replacing);
        }

        AsWritten replacing(String from, String to) {
            var more = new LinkedHashMap<>(replacing);
            more.put(from, to);
            return new AsWritten(expect, more);
        }
    }

    /** Not run here, and why (the doc says so too where a reader could expect it to be). */
    record NotRun(String why) implements Example {
    }

    static Cli cli(String args, String... expect) {
        return new Cli(args, List.of(expect));
    }

    static Server server(String args, String ready) {
        return new Server(args, ready);
    }

    static AsWritten asWritten(String... expect) {
        return new AsWritten(List.of(expect), Map.of());
    }

    static NotRun notRun(String why) {
        return new NotRun(why);
    }

    /** Doc command (as {@link DocSnippets#normalize} gives it, or a block's first line) → how it is tested. */
    static final Map<String, Example> DOCS = docs();

    private static Map<String, Example> docs() {
        var t = new LinkedHashMap<String, Example>();
        // README: two commands
        t.put("./terafleet demo", cli("demo --sentences 24 --cars 2 --unit-size 8 --out {dir}/demo-results.jsonl",
                "sentences/s", "demo-results.jsonl"));
        t.put("./run-tests", notRun("the test suite itself"));
        // docs/console.md
        t.put("./terafleet demo --console", server("demo --console --sentences 24 --cars 2 --unit-size 8 --out"
                + " {dir}/demo-console.jsonl", "(?s)owner: +http://127\\.0\\.0\\.1:\\d+/console#key=tfo-.*"
                + "operator: +http://\\S+#key=op-tf-.*the console keeps running"));
        // README: separate processes
        t.put("./terafleet coordinator --port 8080", server("coordinator --port 0 --data-dir {dir}/coordinator-a",
                "(?ms)^terafleet coordinator \\S+ \\(commit \\S+\\).*coordinator listening on http://127.0.0.1:"));
        t.put("./terafleet coordinator --db-url jdbc:postgresql://127.0.0.1:5432/terafleet --db-user postgres"
                + " --enrollment-token my-operator-token-0001", server("coordinator --port 0 --db-url {pg}"
                + " --db-user postgres --enrollment-token my-operator-token-0001", "coordinator listening on"));
        t.put("./terafleet agent --coordinator http://127.0.0.1:8080 --token my-operator-token-0001 --name car-7"
                + " --policy owner-policy.json", server("agent --coordinator {url} --token my-operator-token-0001"
                + " --name car-7 --policy owner-policy.json", "car car-7 enrolled as"));
        t.put("./terafleet agent explain --policy owner-policy.json --signals snapshot.json",
                cli("agent explain --policy {dir}/owner-policy.json --signals {dir}/snapshot.json"
                        + " --at 2030-06-01T23:30:00+02:00", "(?m)^eligible"));
        t.put("./terafleet submit inputs.jsonl --model all-minilm-l6-v2 --wait --out results.jsonl --api-key $KEY",
                cli("submit {dir}/inputs.jsonl --model all-minilm-l6-v2 --wait --out {dir}/results.jsonl"
                        + " --api-key {key} --coordinator {url}", "completed, 0 failed", "results written to"));
        // README: when something fails
        t.put("./terafleet --version", cli("--version", "terafleet \\S+ \\(commit \\S+\\)"));
        t.put("curl -s http://127.0.0.1:8080/v1/health", asWritten("\"status\":\"ok\"", "\"version\"", "\"commit\""));
        // README: prove the coordinator under faults
        t.put("./terafleet simulate --seeds 200", cli("simulate --seeds 1", "seed"));
        t.put("./terafleet simulate --seeds 5000 --threads 2", cli("simulate --seeds 1 --threads 2", "seed"));
        t.put("./terafleet simulate --from 1234 --seeds 1 --verbose", cli("simulate --from 1234 --seeds 1 --verbose",
                "1234"));
        t.put("./terafleet simulate --scenario churn --sizing off --seeds 20 --verbose",
                cli("simulate --scenario churn --sizing off --seeds 1 --verbose", "seed"));
        // README: simulate a fleet
        t.put("./terafleet sim --cars 1000000 --days 1 --seed 1 --out sim-out",
                cli("sim --cars 2000 --days 1 --seed 1 --out {dir}/sim-out", "report.html"));
        t.put("./terafleet sim --print-default-scenario > my-scenario.json", cli("sim --print-default-scenario",
                "\"charging\""));
        t.put("./terafleet sim --cars 1000000 --scenario my-scenario.json --out sim-out",
                cli("sim --cars 2000 --scenario {dir}/my-scenario.json --out {dir}/sim-out-2", "report.html"));
        t.put("JAVA_OPTS=-Xmx14g ./terafleet sim --cars 100000000 --out sim-100m",
                cli("sim --cars 2000 --days 1 --seed 1 --out {dir}/sim-out", "report.html"));
        // README: owners' statements and usage
        t.put("./terafleet owner statement --owner alice --from 2030-06-01 --to 2030-06-30"
                + " --coordinator http://127.0.0.1:8080", cli("owner statement --owner alice --from 2030-06-01"
                + " --to 2030-06-30 --coordinator {url}", "Statement for alice, 2030-06-01 to 2030-06-30"));
        t.put("./terafleet owner create --owner alice --name Alice --coordinator http://127.0.0.1:8080"
                + " --operator-key op-my-operator-key-0001", cli("owner create --owner alice --name Alice --coordinator"
                + " {url} --operator-key op-my-operator-key-0001", "owner key \\(shown once\\): tfo-"));
        t.put("./terafleet owner statement --owner alice --key $OWNER_KEY --coordinator http://127.0.0.1:8080",
                cli("owner statement --owner alice --key " + DOCS_OPERATOR_KEY + " --coordinator {url}",
                        "Statement for alice"));
        t.put("./terafleet owner revoke --owner alice --coordinator http://127.0.0.1:8080"
                + " --operator-key op-my-operator-key-0001", cli("owner revoke --owner {revocable-owner} --coordinator"
                + " {url} --operator-key op-my-operator-key-0001", "owner revocable-owner revoked"));
        t.put("curl 'http://127.0.0.1:8080/v1/owners/alice/statement?from=2030-06-01&to=2030-06-30'",
                asWritten("\"ownerId\"\\s*:\\s*\"alice\""));
        t.put("curl 'http://127.0.0.1:8080/v1/usage?customer=acme&from=2030-06-01&to=2030-06-30'",
                asWritten("\\{"));
        // README: using it like a cloud
        t.put("./terafleet coordinator --port 8080 --operator-key op-my-operator-key-0001"
                + " --enrollment-token my-operator-token-0001", server("coordinator --port 0 --data-dir"
                + " {dir}/coordinator-b --operator-key op-my-operator-key-0001 --enrollment-token my-operator-token-0001",
                "coordinator listening on"));
        t.put("./terafleet tenant --coordinator http://127.0.0.1:8080 --operator-key op-my-operator-key-0001"
                + " --name acme", cli("tenant --coordinator {url} --operator-key op-my-operator-key-0001 --name acme",
                "api key \\(shown once.*sk-tf-"));
        t.put("./terafleet agent --coordinator http://127.0.0.1:8080 --token my-operator-token-0001"
                + " --policy owner-policy.json", server("agent --coordinator {url} --token my-operator-token-0001"
                + " --policy owner-policy.json", "enrolled as"));
        t.put("curl -s http://127.0.0.1:8080/v1/embeddings -H \"Authorization: Bearer $KEY\" -H 'Content-Type:"
                + " application/json' -d '{\"model\": \"all-minilm-l6-v2\", \"input\": [\"a parked car\", \"an idle GPU\"]}'",
                asWritten("\"embedding\"", "\"index\"\\s*:\\s*1"));
        t.put("# Not run by the test suite (PyPI is not reachable from the machines that run it); the Node example"
                + " below is.", notRun("PyPI is not reachable here; the Node example does the same"));
        t.put("const base = \"http://127.0.0.1:8080/v1\", auth = { Authorization: `Bearer ${process.env.KEY}` };",
                asWritten("batch completed: 3 output lines"));
        t.put("curl -s http://127.0.0.1:8080/v2/models/minilm-raw -H \"Authorization: Bearer $KEY\"",
                asWritten("\"name\"\\s*:\\s*\"minilm-raw\"", "input_ids"));
        t.put("curl -s http://127.0.0.1:8080/v2/models/minilm-raw/infer -H \"Authorization: Bearer $KEY\" -d"
                + " '{\"inputs\": [ {\"name\": \"input_ids\", \"datatype\": \"INT64\", \"shape\": [1, 4], \"data\":"
                + " [101, 7592, 2088, 102]}, {\"name\": \"attention_mask\", \"datatype\": \"INT64\", \"shape\": [1, 4],"
                + " \"data\": [1, 1, 1, 1]}, {\"name\": \"token_type_ids\", \"datatype\": \"INT64\", \"shape\": [1, 4],"
                + " \"data\": [0, 0, 0, 0]}]}'", asWritten("\"outputs\"", "FP32"));
        t.put("curl -s -X POST 'http://127.0.0.1:8080/v1/models?name=minilm-raw&kind=raw' -H \"Authorization: Bearer"
                + " $OPERATOR_KEY\" -H 'Content-Type: application/octet-stream' --data-binary @model.onnx",
                asWritten("\"sha256\"").replacing("name=minilm-raw", "name=minilm-raw-uploaded"));
        t.put("curl -s -X POST http://127.0.0.1:8080/v1/models -H \"Authorization: Bearer $OPERATOR_KEY\" -H"
                + " 'Content-Type: application/json' -d '{\"name\": \"my-embedder\", \"kind\": \"text-embedding\","
                + " \"path\": \"/models/model.onnx\", \"tokenizer_path\": \"/models/tokenizer.json\", \"pooling\":"
                + " \"mean\", \"dimensions\": 384, \"max_tokens\": 256}'",
                notRun("names files on the coordinator's own disk (/models); the same registration by path is"
                        + " tested in KServeEndToEndTest"));
        t.put("./terafleet agent --coordinator http://127.0.0.1:8080 --token my-operator-token-0001"
                + " --policy owner-policy.json --models all-minilm-l6-v2,minilm-raw", server("agent --coordinator"
                + " {url} --token my-operator-token-0001 --policy owner-policy.json --models all-minilm-l6-v2,minilm-raw",
                "enrolled as"));
        // README and docs/benchmarks.md: measuring
        t.put("./terafleet bench --sentences 2000 --workers 4", cli("bench --sentences 32 --workers 2 --rounds 1",
                "round 1: .* sentences/s"));
        t.put("./terafleet demo --sentences 2000", cli("demo --sentences 24 --cars 2 --unit-size 8 --out {dir}/demo-results.jsonl",
                "sentences/s", "demo-results.jsonl"));
        t.put("bench/fleet-vs-direct.sh 3 2000 4", notRun("a script alternating `terafleet bench` and `terafleet"
                + " demo` (both run here) that builds the jar first"));
        t.put("bench/fleet-vs-direct.sh 2 6000 4", notRun("as above, longer"));
        t.put("./terafleet bench-preempt --trials 50", cli("bench-preempt --trials 3",
                "signal change -> inference stopped"));
        t.put("./mvnw -q -B package -DskipTests -pl core,bench && java -jar bench/target/benchmarks.jar"
                + " SchedulerBenchmark", notRun("builds and runs the JMH benchmarks: minutes of measurement"));
        t.put("./terafleet bench-online --requests 500 --batch-size 8", cli("bench-online --requests 5 --warmup 2"
                + " --batch-size 8", "fleet minus car's compute"));
        t.put("for b in 1 2 4 8 16 32 64; do ./terafleet bench --sentences 1000 --workers 2 --rounds 1"
                + " --batch-size $b; done", cli("bench --sentences 32 --workers 2 --rounds 1",
                "round 1: .* sentences/s"));
        t.put("./mvnw -q -B -o package -DskipTests", notRun("the build itself"));
        // README: the agent distribution, built and run on a car
        t.put("./mvnw -q -B -ntp -pl agent-dist -am package -DskipTests", notRun("the build itself; its"
                + " DistributionContentsTest inspects the jars it makes"));
        t.put("java --enable-native-access=ALL-UNNAMED -jar terafleet-agent-linux-aarch64.jar --coordinator"
                + " http://127.0.0.1:8080 --token my-operator-token-0001 --name car-7 --policy owner-policy.json",
                notRun("an ARM car's jar; the same command as `terafleet agent` (run above), and"
                        + " WeightlessAgentEndToEndTest runs an agent that carries no weights"));
        t.put("./mvnw -q -B -ntp -pl agent-dist,cli -am package -DskipTests", notRun("the build of both jars the"
                + " measurement below compares"));
        t.put("scripts/agent-cold-start.py 5", notRun("a measurement of minutes that starts JVMs from both built jars;"
                + " docs/benchmarks.md records its output"));
        t.put("/usr/bin/time -v ./terafleet sim --cars 1000000 --days 1 --seed 1 --out /tmp/sim1m",
                cli("sim --cars 2000 --days 1 --seed 1 --out {dir}/sim-out", "report.html"));
        t.put("JAVA_OPTS=-Xmx6g /usr/bin/time -v ./terafleet sim --cars 10000000 --days 1 --seed 1 --out /tmp/sim10m",
                cli("sim --cars 2000 --days 1 --seed 1 --out {dir}/sim-out", "report.html"));
        t.put("JAVA_OPTS=-Xmx16g /usr/bin/time -v ./terafleet sim --cars 100000000 --days 1 --seed 1 --out /tmp/sim100m",
                cli("sim --cars 2000 --days 1 --seed 1 --out {dir}/sim-out", "report.html"));
        t.put("./mvnw -q -B -o test -pl sim -am -Dtest='FleetAgreementTest' -Dsurefire.failIfNoSpecifiedTests=false",
                notRun("a Maven test run: FleetAgreementTest is part of the suite"));
        t.put("cat sim/target/surefire-reports/io.terafleet.sim.harness.FleetAgreementTest-output.txt",
                notRun("reads the report of the test run above"));
        t.put("./terafleet bench-online --requests 500 --warmup 100 --batch-size 8", cli("bench-online --requests 5"
                + " --warmup 2 --batch-size 8", "fleet minus car's compute"));
        t.put("./terafleet bench-online --requests 500 --warmup 100 --batch-size 8 --encoding base64",
                cli("bench-online --requests 5 --warmup 2 --batch-size 8 --encoding base64", "encoding base64"));
        t.put("./terafleet bench-online --requests 500 --warmup 100 --batch-size 1", cli("bench-online --requests 5"
                + " --warmup 2 --batch-size 1", "1 texts per request"));
        t.put("./terafleet bench-online --requests 150 --warmup 30 --batch-size 8 --transport both",
                cli("bench-online --requests 5 --warmup 2 --batch-size 8 --transport both", "over HTTP long-poll"));
        t.put("./terafleet bench-online --requests 300 --warmup 100 --batch-size 1 --transport both",
                cli("bench-online --requests 5 --warmup 2 --batch-size 1 --transport both", "over WebSocket channel",
                        "over HTTP long-poll"));
        t.put("./terafleet bench-online --requests 300 --warmup 50 --batch-size 1 --transport channel --clients 1,8,64"
                + " --max-batch 1", cli("bench-online --requests 16 --warmup 2 --batch-size 1 --transport channel"
                + " --clients 1,8 --max-batch 1", "batching up to 1 texts, 8 clients"));
        t.put("./terafleet bench-online --requests 300 --warmup 50 --batch-size 1 --transport channel --clients 1,8,64"
                + " --max-batch 8", cli("bench-online --requests 16 --warmup 2 --batch-size 1 --transport channel"
                + " --clients 1,8 --max-batch 8", "batching up to 8 texts, 8 clients"));
        t.put("./terafleet bench-online --requests 150 --warmup 30 --batch-size 1 --transport channel --api"
                + " embeddings,kserve,ttft", cli("bench-online --requests 3 --warmup 1 --batch-size 1 --transport"
                + " channel --api embeddings,kserve,ttft", "online routing, kserve", "in-process first token"));
        t.put("./terafleet bench-online --requests 100 --warmup 20 --batch-size 8 --transport channel --api"
                + " embeddings,kserve,ttft", cli("bench-online --requests 3 --warmup 1 --batch-size 8 --transport"
                + " channel --api kserve,ttft", "8 texts per request, time to first token"));
        t.put("JAVA_OPTS=\"-XX:StartFlightRecording=filename=/tmp/online8.jfr,settings=profile\" ./terafleet"
                + " bench-online --requests 100 --warmup 20 --batch-size 8 --transport channel --api"
                + " embeddings,kserve,ttft", notRun("the command above under Java Flight Recorder: JVM options, run"
                + " above without them"));
        t.put("jfr print --stack-depth 64 --events jdk.ExecutionSample /tmp/online8.jfr", notRun("the JDK's reader"
                + " of the recording the command above makes"));
        t.put("JAVA_OPTS=-Dterafleet.chunk-gather-ms=0 ./terafleet bench-chat --concurrency 4 --requests 48"
                + " --max-tokens 48 --rounds 2", notRun("bench-chat (run above) with the car's chunk gathering off,"
                + " a JVM system property"));
        t.put("./terafleet bench-online --requests 300 --warmup 50 --batch-size 1 --transport both --clients 8,64",
                cli("bench-online --requests 16 --warmup 2 --batch-size 1 --transport both --clients 8",
                        "8 clients, 16 requests"));
        // README: a second coordinator of the same store, joined over NATS
        t.put("./terafleet coordinator --port 8081 --db-url jdbc:postgresql://127.0.0.1:5432/terafleet --db-user postgres"
                + " --enrollment-token my-operator-token-0001 --nats-url nats://127.0.0.1:4222", server("coordinator"
                + " --port 0 --db-url {pg} --db-user postgres --enrollment-token my-operator-token-0001"
                + " --nats-url nats://127.0.0.1:4222", "coordinator listening on"));
        // README: prompts answered as a batch by a car carrying the text-generation model
        t.put("./terafleet submit prompts.jsonl --model kjv-gpt --max-tokens 64 --temperature 0.8 --out answers.jsonl"
                + " --api-key $KEY", cli("submit {dir}/prompts.jsonl --model kjv-gpt --max-tokens 8 --temperature 0.8"
                + " --out {dir}/answers.jsonl --api-key {key} --coordinator {url}", "2 completed, 0 failed",
                "answers written to"));
        // README: simulate a fleet, other regions, workloads and the sweeps
        t.put("./terafleet sim --cars 1000000 --days 7 --scenario europe --season winter", cli("sim --cars 1000"
                + " --days 1 --scenario europe --season winter --out {dir}/sim-europe", "report.html"));
        t.put("./terafleet sim --cars 1000000 --workload generation", cli("sim --cars 1000 --days 1 --workload"
                + " generation --out {dir}/sim-generation", "report.html"));
        t.put("./terafleet sim --cars 100000000 --sensitivity --sample-cars 20000", cli("sim --cars 1000 --represent"
                + " 100000000 --sample-cars 500 --days 1 --seed 1 --sensitivity --out {dir}/sim-s", "report.html"));
        t.put("./terafleet sim --matrix --cars 100000000 --sample-cars 20000 --days 7", cli("sim --matrix --cars"
                + " 100000000 --sample-cars 500 --days 1 --seed 1 --out {dir}/sim-matrix-1",
                "\\| europe \\| winter \\| generation", "matrix.md"));
        // README: generation, streamed, by curl and the official Node client
        t.put("curl -sN http://127.0.0.1:8080/v1/chat/completions -H \"Authorization: Bearer $KEY\" -H 'Content-Type:"
                + " application/json' -d '{\"model\": \"kjv-gpt\", \"messages\": [{\"role\": \"user\", \"content\":"
                + " \"In the beginning\"}], \"max_tokens\": 60, \"temperature\": 0.8, \"seed\": 7, \"stream\": true,"
                + " \"stream_options\": {\"include_usage\": true}}'", asWritten("chat\\.completion\\.chunk",
                "\"completion_tokens\"", "data: \\[DONE\\]"));
        t.put("import OpenAI from 'openai';                        // npm install openai",
                asWritten("\\S").replacing("process.stdout.write(chunk.choices[0]?.delta?.content ?? '');",
                        "process.stdout.write(chunk.choices[0]?.delta?.content ?? '');\nconsole.log('\\nstream ended');")
                        .expecting("\\w+[\\s\\S]*stream ended"));
        // README: revocation, of objects the test's coordinator made for it (the status printed to check it)
        t.put("curl -s -X DELETE http://127.0.0.1:8080/v1/tenants/$TENANT_ID/keys/$KEY_PREFIX -H \"Authorization:"
                + " Bearer $OPERATOR_KEY\"", asWritten("\"revoked\"\\s*:\\s*1").replacing("$TENANT_ID",
                "{revocable-tenant}").replacing("$KEY_PREFIX", "{revocable-key-prefix}"));
        t.put("curl -s -X POST http://127.0.0.1:8080/v1/cars/$CAR_ID/revoke -H \"Authorization: Bearer $OPERATOR_KEY\"",
                asWritten("^204$").replacing("$CAR_ID", "{revocable-car}").replacing("curl -s ",
                        "curl -s -w '%{http_code}' "));
        t.put("curl -s -X POST http://127.0.0.1:8080/v1/enrollment-tokens/revoke -H \"Authorization: Bearer"
                + " $OPERATOR_KEY\" -H 'Content-Type: application/json' -d '{\"enrollment_token\": \"tfe_...\"}'",
                asWritten("^204$").replacing("tfe_...", "{revocable-token}").replacing("curl -s ",
                        "curl -s -w '%{http_code}' "));
        // README: TLS
        t.put("./terafleet coordinator --host 0.0.0.0 --port 8443 --tls-generate tls --tls-name coordinator.example"
                + " --tls-name 192.0.2.10", notRun("serves until stopped on every interface; GeneratedCertificateTest"
                + " makes the certificate and serves HTTPS with it"));
        t.put("./terafleet agent --coordinator https://coordinator.example:8443 --token my-operator-token-0001"
                + " --ca-cert tls/coordinator-ca.pem", notRun("a host name of the example; GeneratedCertificateTest"
                + " pins the written CA file"));
        t.put("keytool -genkeypair -alias coordinator -keyalg EC -groupname secp256r1 -dname CN=coordinator.example"
                + " -ext SAN=dns:coordinator.example,ip:192.0.2.10 -validity 825 -storetype PKCS12 -keystore"
                + " coordinator.p12", notRun("keytool asks for the password; HttpsCoordinatorTest makes a keystore"
                + " the same way with -storepass"));
        t.put("keytool -exportcert -rfc -alias coordinator -keystore coordinator.p12 -file coordinator-ca.pem",
                notRun("needs the keystore above; HttpsCoordinatorTest exports its certificate the same way"));
        t.put("TERAFLEET_TLS_KEYSTORE_PASSWORD=... ./terafleet coordinator --host 0.0.0.0 --port 8443 --tls-keystore"
                + " coordinator.p12", notRun("needs the keystore above; HttpsCoordinatorTest serves HTTPS with one"));
        t.put("./terafleet agent --coordinator https://coordinator.example:8443 --token my-operator-token-0001"
                + " --ca-cert coordinator-ca.pem", notRun("a host name of the example; HttpsCoordinatorTest runs an"
                + " agent that pins the coordinator's CA"));
        // README and docs/benchmarks.md: generation and the control plane, measured
        t.put("./terafleet bench-chat --concurrency 1", cli(BENCH_CHAT, "bench-chat: kjv-gpt", "round 1  direct .* tok/s"));
        t.put("./terafleet bench-chat --concurrency 1 --requests 24 --max-tokens 48 --rounds 2", cli(BENCH_CHAT,
                "bench-chat: kjv-gpt", "round 1  direct .* tok/s"));
        t.put("./terafleet bench-chat --batch --requests 64 --max-tokens 48 --rounds 3", cli(BENCH_CHAT + " --batch",
                "one batch per run", "round 1  direct .* fleet batch .* tok/s"));
        t.put("./terafleet bench-chat --batch --check-share 1 --requests 64 --max-tokens 48 --rounds 3",
                cli(BENCH_CHAT + " --batch --check-share 1", "one batch per run",
                        "round 1  direct .* checks on .* tok/s .* units checked"));
        t.put("./terafleet bench-chat --concurrency 4 --requests 48 --max-tokens 48 --rounds 2", cli(BENCH_CHAT,
                "round 1  direct .* tok/s"));
        t.put("./terafleet bench-chat --model-dir generation/src/test/resources/models/tiny-random --concurrency 1"
                + " --requests 24 --max-tokens 48 --rounds 2", cli(BENCH_CHAT_TINY, "round 1  direct .* tok/s"));
        t.put("./terafleet bench-chat --model-dir generation/src/test/resources/models/tiny-random --concurrency 4"
                + " --requests 48 --max-tokens 48 --rounds 3", cli(BENCH_CHAT_TINY, "round 1  direct .* tok/s"));
        t.put("./terafleet bench-generate --model kjv-gpt --concurrency 1,4,16", cli(BENCH_GENERATE,
                "kjv-gpt \\(3 layers", "round 1, concurrency  2: +\\d+ tokens in .* tokens/s"));
        t.put("./terafleet bench-generate --model kjv-gpt --threads 1 --requests 64 --max-tokens 64 --concurrency 1,4,16"
                + " --rounds 3", cli(BENCH_GENERATE, "round 1, concurrency  1: +\\d+ tokens in .* tokens/s"));
        t.put("./terafleet bench-generate --model kjv-gpt --threads 2 --requests 64 --max-tokens 64 --concurrency 1,4,16"
                + " --rounds 3", cli(BENCH_GENERATE, "round 1, concurrency  1: +\\d+ tokens in .* tokens/s"));
        for (String size : List.of("--cars 64 --unit-size 1 --queued 1000", "--cars 64 --unit-size 1 --queued 1000"
                + " --seconds 15", "--cars 64 --unit-size 16 --queued 1000 --seconds 15", "--cars 64 --unit-size 1"
                + " --queued 1000000 --seconds 15", "--cars 64 --unit-size 16 --queued 1000000 --seconds 15")) {
            t.put("./terafleet bench-control-plane --store postgres " + size, cli(CONTROL_PLANE_PG,
                    "store postgres", "coordinator / bare", "\\(0 errors"));
        }
        for (String run : List.of("--unit-size 1 --queued 1000 --seconds 15 --batch 16", "--unit-size 1 --queued 1000"
                + " --seconds 15 --batch 1", "--unit-size 16 --queued 1000 --seconds 15 --batch 16", "--unit-size 16"
                + " --queued 1000 --seconds 15 --batch 1", "--unit-size 1 --queued 1000000 --seconds 15 --batch 16",
                "--unit-size 1 --queued 1000000 --seconds 15 --batch 1", "--unit-size 16 --queued 1000000 --seconds 15"
                        + " --batch 16")) {
            String batch = run.substring(run.lastIndexOf(' ') + 1);
            t.put("./terafleet bench-control-plane --store postgres --cars 64 " + run, cli(CONTROL_PLANE_PG
                    + " --batch " + batch, "batch " + batch, "coordinator / bare", "store transactions per unit",
                    "\\(0 errors"));
        }
        // docs/benchmarks.md, "Control plane: pipelined": one complete-batch call brings the next lease
        for (String run : List.of("--unit-size 1 --queued 1000 --batch 16", "--unit-size 1 --queued 1000 --batch 16"
                + " --no-pipeline", "--unit-size 1 --queued 1000 --batch 1", "--unit-size 16 --queued 1000 --batch 16",
                "--unit-size 16 --queued 1000 --batch 1", "--unit-size 1 --queued 1000000 --batch 16", "--unit-size 1"
                + " --queued 1000000 --batch 1", "--unit-size 16 --queued 1000000 --batch 16")) {
            boolean apart = run.endsWith("--no-pipeline");
            String batch = run.replace(" --no-pipeline", "").substring(run.replace(" --no-pipeline", "")
                    .lastIndexOf(' ') + 1);
            String shows = batch.equals("1") ? "batch 1" : apart ? "lease and complete apart" : "pipelined";
            t.put("./terafleet bench-control-plane --store postgres --cars 64 --seconds 10 --warmup-seconds 3 " + run,
                    cli(CONTROL_PLANE_PG + " --batch " + batch + (apart ? " --no-pipeline" : ""), shows,
                            "coordinator / bare", "store transactions per unit", "\\(0 errors"));
        }
        t.put("./terafleet bench-control-plane --store h2 --cars 64 --unit-size 1 --queued 1000 --seconds 8"
                + " --warmup-seconds 2 --batch 1", cli("bench-control-plane --store h2 --cars 2 --unit-size 1 --queued 40"
                + " --seconds 1 --warmup-seconds 0 --dimensions 8 --batch 1", "store statements per unit"));
        t.put("./terafleet bench-control-plane --store h2 --cars 64 --unit-size 1 --queued 1000 --seconds 8"
                + " --warmup-seconds 2 --batch 16", cli("bench-control-plane --store h2 --cars 2 --unit-size 1 --queued"
                + " 40 --seconds 1 --warmup-seconds 0 --dimensions 8 --batch 16", "store statements per unit"));
        t.put("./terafleet bench-control-plane --store postgres --idle-cars 5000", cli(IDLE_CARS,
                "idle cars: 20 enrolled", "store transactions"));
        t.put("./terafleet bench-control-plane --store postgres --idle-cars 5000 --seconds 20", cli(IDLE_CARS,
                "idle cars: 20 enrolled", "a new job's first lease"));
        t.put("./terafleet bench-control-plane --bus", cli(BUS, "round trips one at a time", "request/reply p50"));
        t.put("./terafleet bench-control-plane --bus --seconds 4", cli(BUS, "request/reply p50"));
        // docs/benchmarks.md: sim at scale, the matrix and the sensitivity sweeps
        t.put("nice /usr/bin/time -v ./terafleet sim --cars 1000000 --days 7 --seed 1 --out /tmp/m1",
                cli("sim --cars 2000 --days 1 --seed 1 --out {dir}/sim-out", "report.html"));
        t.put("/usr/bin/time -v ./terafleet sim --cars 1000000 --days 7 --seed 1 --out /tmp/m1after",
                cli("sim --cars 2000 --days 7 --seed 1 --out {dir}/sim-week", "report.html"));
        t.put("JAVA_OPTS=-Xmx6g /usr/bin/time -v ./terafleet sim --cars 10000000 --days 7 --seed 1 --out /tmp/m10",
                cli("sim --cars 2000 --days 7 --seed 1 --out {dir}/sim-week-2", "report.html"));
        t.put("JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/before.jfr,settings=profile /usr/bin/time -v"
                + " ./terafleet sim --cars 1000000 --days 7 --seed 1 --out /tmp/m1before",
                cli("sim --cars 2000 --days 7 --seed 1 --out {dir}/sim-week-3", "report.html"));
        t.put("JAVA_OPTS=-Xmx6g /usr/bin/time -v ./terafleet sim --cars 2000000 --days 7 --seed 1 --out /tmp/m2",
                cli("sim --cars 2000 --days 7 --seed 1 --out {dir}/sim-week-4", "report.html"));
        t.put("JAVA_OPTS=-Xmx6g /usr/bin/time -v ./terafleet sim --cars 10000000 --days 7 --seed 1 --out /tmp/m10after",
                cli("sim --cars 2000 --days 7 --seed 1 --out {dir}/sim-week-5", "report.html"));
        t.put("JAVA_OPTS=-Xmx14g /usr/bin/time -v ./terafleet sim --cars 100000000 --days 7 --seed 1 --out /tmp/m100",
                cli("sim --cars 2000 --days 7 --seed 1 --out {dir}/sim-week-6", "report.html"));
        t.put("./terafleet sim --matrix --cars 100000000 --sample-cars 20000 --days 7 --seed 1 --out /tmp/matrix",
                cli("sim --matrix --cars 100000000 --sample-cars 500 --days 1 --seed 1 --out {dir}/sim-matrix-1",
                        "\\| us \\| summer \\| embeddings", "matrix.md"));
        t.put("./terafleet sim --cars 20000 --represent 100000000 --sample-cars 20000 --days 1 --seed 1 --sensitivity"
                + " --out /tmp/s", cli("sim --cars 1000 --represent 100000000 --sample-cars 500 --days 1 --seed 1"
                + " --sensitivity --out {dir}/sim-s", "report.html"));
        t.put("./terafleet sim --cars 20000 --represent 100000000 --sample-cars 20000 --days 1 --seed 1 --sensitivity"
                + " --workload generation --out /tmp/g", cli("sim --cars 1000 --represent 100000000 --sample-cars 500"
                + " --days 1 --seed 1 --sensitivity --workload generation --out {dir}/sim-g", "report.html"));
        return t;
    }

    private static final String BENCH_CHAT = "bench-chat --concurrency 1 --requests 2 --max-tokens 4 --rounds 1";
    private static final String BENCH_CHAT_TINY = "bench-chat --model-dir"
            + " {root}/generation/src/test/resources/models/tiny-random --concurrency 1 --requests 2 --max-tokens 4 --rounds 1";
    private static final String BENCH_GENERATE = "bench-generate --model kjv-gpt --threads 1 --requests 2 --max-tokens 4"
            + " --concurrency 1,2";
    private static final String CONTROL_PLANE_PG = "bench-control-plane --store postgres --postgres-url {pg-server}"
            + " --cars 2 --unit-size 1 --queued 40 --seconds 1 --warmup-seconds 0 --dimensions 8";
    private static final String IDLE_CARS = "bench-control-plane --store postgres --postgres-url {pg-server}"
            + " --idle-cars 20 --seconds 1";
    private static final String BUS = "bench-control-plane --bus --seconds 1 --postgres-url {pg-server}";

    /** Runs of every command and its main options beyond what the docs show. */
    static final List<Cli> SMOKE = List.of(
            cli("--version", "terafleet \\S+ \\(commit \\S+\\)"),
            cli("--help", "Exit codes:", "2 +bad usage"),
            cli("help submit", "--wait"),
            cli("submit {dir}/inputs.jsonl --coordinator {url} --api-key {key} --priority online"
                    + " --completion-window 1h", "accepted: 3 inputs"),
            cli("submit {dir}/inputs.jsonl --coordinator {url} --api-key {key} --replication 2 --adaptive",
                    "accepted: 3 inputs"),
            cli("tenant --coordinator {url} --operator-key op-my-operator-key-0001 --name bounded"
                    + " --requests-per-second 5 --burst 10 --inputs-per-day 1000", "api key"),
            cli("tenant --coordinator {url} --operator-key op-my-operator-key-0001 --add-key-to {tenant}", "api key"),
            cli("owner statement --owner nobody --coordinator {url}", "Statement for nobody"),
            cli("agent explain --policy {dir}/owner-policy.json --signals {dir}/snapshot.json --hardware HW4"
                    + " --energy-today-kwh 2 --at 2030-06-01T23:00:00Z", "eligible"),
            cli("simulate --scenario lying --liars 0.2 --verification on --seeds 1", "seed"),
            cli("bench --sentences 16 --workers 1 --rounds 1 --unit-size 0 --model all-minilm-l6-v2-q", "round 1: "),
            cli("bench-preempt --trials 2 --batch-size 8 --seed 3", "preemptions measured"),
            cli("sim --cars 1000 --days 2 --seed 4 --threads 1 --out {dir}/sim-two-days", "report.html"),
            cli("bench-control-plane --store h2 --cars 2 --unit-size 2 --queued 40 --seconds 1 --warmup-seconds 0"
                    + " --dimensions 8", "store h2", "coordinator / bare", "\\(0 errors"),
            cli("owner grant --owner alice --max-uses 2 --expires-in-hours 1 --coordinator {url}"
                    + " --operator-key op-my-operator-key-0001", "enrollment grant for alice \\(2 cars, 1 h"),
            cli("revoke --enrollment-token {revocable-token-2} --coordinator {url}"
                    + " --operator-key op-my-operator-key-0001", "revoked"));
}
