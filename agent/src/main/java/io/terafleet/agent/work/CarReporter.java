package io.terafleet.agent.work;

import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.agent.signals.VehicleSignals;
import io.terafleet.agent.state.SavedPolicy;
import io.terafleet.core.api.CarReport;
import io.terafleet.core.api.CarReportAnswer;
import io.terafleet.core.policy.json.PolicyJson;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the coordinator every period, whatever the car is doing, every reason its policy gives for not computing,
 * its battery and the policy version it applies; applies at once the newer policy the answer carries (and keeps it
 * in the spool folder, if the car has one). A policy that does not read is refused once, logged, and the car keeps
 * the one it has.
 */
public final class CarReporter {
    private static final Logger LOG = LoggerFactory.getLogger(CarReporter.class);

    private final String carName;
    private final CoordinatorClient client;
    private final VehicleSignals signals;
    private final WorkLoop loop;
    private final SavedPolicy saved;
    private volatile Long appliedVersion;
    private volatile long refusedVersion = -1;
    private volatile boolean unsupported;

    /** @param saved where a delivered policy is kept; null keeps none */
    public CarReporter(String carName, CoordinatorClient client, VehicleSignals signals, WorkLoop loop,
                       SavedPolicy saved) {
        this.carName = carName;
        this.client = client;
        this.signals = signals;
        this.loop = loop;
        this.saved = saved;
        if (saved != null) {
            saved.load().ifPresent(delivered -> {
                loop.applyPolicy(delivered.policy());
                appliedVersion = delivered.version();
            });
        }
    }

    /** How often a car reports: twenty idle polls (10 s with the default), within 1..30 s. */
    public static Duration period(Duration idlePoll) {
        Duration twenty = idlePoll.multipliedBy(20);
        return twenty.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : twenty.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : twenty;
    }

    /** The console-set policy version the car applies; null while it applies the one it started with. */
    public Long appliedVersion() {
        return appliedVersion;
    }

    /** One report; never throws, so a scheduled run keeps running. */
    public void reportOnce() {
        if (unsupported || !loop.running()) {
            return;
        }
        try {
            var state = signals.current();
            var reasons = loop.explain().stream().map(r -> new CarReport.Reason(r.reason(), r.detail())).toList();
            CarReportAnswer answer = client.report(new CarReport(reasons, state.stateOfChargePercent(),
                    state.charging(), state.chargingCableConnected(), appliedVersion));
            if (answer != null && answer.policyVersion() != null && answer.policy() != null) {
                apply(answer.policyVersion(), answer.policy());
            }
        } catch (CoordinatorException e) {
            if (e.status() == 404) { // a coordinator older than reports: nothing to tell it
                unsupported = true;
                LOG.info("car {}: the coordinator takes no reports; the car keeps its own policy", carName);
            } else {
                LOG.debug("car {}: report failed: {}", carName, e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("car {}: report failed: {}", carName, e.toString());
        }
    }

    private void apply(long version, String text) {
        switch (PolicyJson.read(text)) {
            case PolicyJson.Valid valid -> {
                loop.applyPolicy(valid.policy());
                appliedVersion = version;
                if (saved != null) {
                    saved.save(version, valid.policy());
                }
                LOG.info("car {} applies its owner's policy version {}", carName, version);
                reportOnce(); // the coordinator learns the new reasons and version at once
            }
            case PolicyJson.Invalid invalid -> {
                if (refusedVersion != version) {
                    refusedVersion = version;
                    LOG.warn("car {}: policy version {} refused, keeping the current one: {}", carName, version,
                            invalid.message());
                }
            }
        }
    }
}
