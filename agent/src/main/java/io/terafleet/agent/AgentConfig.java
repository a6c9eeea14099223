package io.terafleet.agent;

import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.energy.PowerModel;
import io.terafleet.core.policy.OwnerPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How one car's agent talks to its coordinator; validated at construction, errors name the field.
 *
 * @param coordinator     base URL of the coordinator, e.g. {@code http://127.0.0.1:8080}
 * @param enrollmentToken the operator-issued token that buys this car its credential
 * @param carName         a name for logs and statements
 * @param hardwareClass   e.g. {@code HW3}; must be a class {@link PowerModel#defaults()} knows, whose power the
 *                        energy meter and the owner's limits use
 * @param models          models this car will run; empty means every built-in model
 * @param batchSize       inputs per ONNX Runtime call
 * @param leaseWait       how long one lease call may wait on the coordinator for work
 * @param idlePoll        how often an ineligible car looks at its signals again
 * @param policy          the owner's policy; the agent computes only while it says yes (invariant I1)
 * @param spoolDir        where the car keeps its enrollment and the completions not yet answered, so that a
 *                        restarted agent is the same car and sends them again; null keeps neither (each start
 *                        enrolls a new car)
 * @param caCert          the CA (PEM or DER file) that must have issued an HTTPS coordinator's certificate; null
 *                        trusts the JDK's public roots
 */
public record AgentConfig(URI coordinator, String enrollmentToken, String carName, String hardwareClass,
                          List<String> models, int batchSize, Duration leaseWait, Duration idlePoll,
                          OwnerPolicy policy, Path spoolDir, Path caCert) {
    /** Trusting the JDK's public roots for an HTTPS coordinator. */
    public AgentConfig(URI coordinator, String enrollmentToken, String carName, String hardwareClass,
                       List<String> models, int batchSize, Duration leaseWait, Duration idlePoll,
                       OwnerPolicy policy, Path spoolDir) {
        this(coordinator, enrollmentToken, carName, hardwareClass, models, batchSize, leaseWait, idlePoll, policy,
                spoolDir, null);
    }

    /** Without a spool: nothing survives the process (embedded fleets, tests, benchmarks). */
    public AgentConfig(URI coordinator, String enrollmentToken, String carName, String hardwareClass,
                       List<String> models, int batchSize, Duration leaseWait, Duration idlePoll,
                       OwnerPolicy policy) {
        this(coordinator, enrollmentToken, carName, hardwareClass, models, batchSize, leaseWait, idlePoll, policy,
                null);
    }

    public AgentConfig {
        require(coordinator != null, "coordinator", "must be set");
        require(coordinator.getScheme() != null && coordinator.getScheme().startsWith("http"),
                "coordinator", "must be an http(s) URL, was " + coordinator);
        require(enrollmentToken != null && !enrollmentToken.isBlank(), "enrollmentToken", "must be set");
        require(carName != null && !carName.isBlank(), "carName", "must be set");
        require(hardwareClass != null && !hardwareClass.isBlank(), "hardwareClass", "must be set");
        require(PowerModel.defaults().hardware(hardwareClass).isPresent(), "hardwareClass",
                "must be one of " + PowerModel.defaults().all().keySet() + ", was " + hardwareClass);
        require(policy != null, "policy", "must be set");
        models = List.copyOf(models == null ? List.of() : models);
        require(batchSize >= 1 && batchSize <= 1024, "batchSize", "must be within 1..1024, was " + batchSize);
        require(leaseWait != null && !leaseWait.isNegative() && leaseWait.compareTo(Duration.ofSeconds(60)) <= 0,
                "leaseWait", "must be within 0..60 s, was " + leaseWait);
        require(idlePoll != null && idlePoll.isPositive(), "idlePoll", "must be positive, was " + idlePoll);
        require(caCert == null || java.nio.file.Files.isReadable(caCert), "caCert",
                "must be a readable certificate file, was " + caCert);
    }

    /** Defaults, with the owner's default policy: not opted in, so such an agent waits for consent. */
    public static AgentConfig defaults(URI coordinator, String enrollmentToken, String carName) {
        return new AgentConfig(coordinator, enrollmentToken, carName, "HW3", List.of(), 8,
                Duration.ofSeconds(20), Duration.ofMillis(500), OwnerPolicy.defaults());
    }

    /** The car's own folder under the agent's state folder: {@code ~/.terafleet/cars/<car name>}. */
    public static Path defaultSpoolDir(String carName) {
        return Path.of(System.getProperty("user.home"), ".terafleet", "cars", carName);
    }

    public AgentConfig withSpoolDir(Path dir) {
        return new AgentConfig(coordinator, enrollmentToken, carName, hardwareClass, models, batchSize, leaseWait,
                idlePoll, policy, dir, caCert);
    }

    /** The AI computer this car has, with the power the energy meter charges for it. */
    public ComputeHardware hardware() {
        return PowerModel.defaults().hardware(hardwareClass).orElseThrow();
    }

    public AgentConfig withPolicy(OwnerPolicy newPolicy) {
        return new AgentConfig(coordinator, enrollmentToken, carName, hardwareClass, models, batchSize, leaseWait,
                idlePoll, newPolicy, spoolDir, caCert);
    }

    public AgentConfig withLeaseWait(Duration wait) {
        return new AgentConfig(coordinator, enrollmentToken, carName, hardwareClass, models, batchSize, wait,
                idlePoll, policy, spoolDir, caCert);
    }

    /** Pins the CA that must have issued the coordinator's certificate. */
    public AgentConfig withCaCert(Path file) {
        return new AgentConfig(coordinator, enrollmentToken, carName, hardwareClass, models, batchSize, leaseWait,
                idlePoll, policy, spoolDir, file);
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": " + message);
        }
    }
}
