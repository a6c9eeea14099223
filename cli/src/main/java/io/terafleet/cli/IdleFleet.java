package io.terafleet.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.terafleet.core.api.EnrollRequest;
import io.terafleet.core.api.EnrollResponse;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeaseResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cars' side of {@link IdleCarsBench}, in a process of its own so that the coordinator's CPU, heap and open
 * files are measured alone: N cars enroll, then each keeps a lease long-poll open at the agent's cadence (20 s
 * wait, asked again at once), on virtual threads sharing one HTTP client. It reports on standard output, one fact
 * per line after {@link #REPORT}: {@code waiting N}, {@code errors N}, {@code first-lease EPOCH_MICROS} (when the first car gets a unit).
 * It ends when its standard input closes.
 */
final class IdleFleet {
    /** The agent's lease wait ({@code AgentConfig.defaults}). */
    static final Duration AGENT_LEASE_WAIT = Duration.ofSeconds(20);
    /** Cars connect at 500 per second. */
    private static final int RAMP_STEP = 50;
    private static final Duration RAMP_PAUSE = Duration.ofMillis(100);
    /** After a failed request a car waits, as the agent's retrier does. */
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    /** The first few failures are shown as they are, so that a run with errors says what they were. */
    private static final int ERRORS_SHOWN = 5;

    private final URI coordinator;
    private final String token;
    private final String model;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicBoolean leased = new AtomicBoolean();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();

    private IdleFleet(URI coordinator, String token, String model) {
        this.coordinator = coordinator;
        this.token = token;
        this.model = model;
    }

    /** Arguments: coordinator URI, enrollment token, model, number of cars. */
    public static void main(String[] args) throws Exception {
        var fleet = new IdleFleet(URI.create(args[0]), args[1], args[2]);
        Thread.ofPlatform().daemon().start(fleet::untilInputCloses);
        fleet.run(Integer.parseInt(args[3]));
        System.exit(0);
    }

    private void untilInputCloses() {
        try {
            while (System.in.read() >= 0) {
                // the parent only ever closes it
            }
        } catch (java.io.IOException e) {
            // closed either way
        }
        stop.set(true);
    }

    private void run(int cars) throws InterruptedException {
        List<String> credentials = enrollAll(cars);
        Thread.ofPlatform().daemon().start(this::reportUntilStopped);
        for (int started = 0; started < credentials.size(); started++) {
            String credential = credentials.get(started);
            Thread.ofVirtual().start(() -> idleCar(credential));
            if ((started + 1) % RAMP_STEP == 0) {
                Thread.sleep(RAMP_PAUSE.toMillis()); // cars connect over time, as a fleet does, not all in one instant
            }
        }
        while (!stop.get()) {
            Thread.sleep(200);
        }
    }

    /** Reports the cars waiting and the errors so far whenever they change, from the first car on. */
    private void reportUntilStopped() {
        int reportedWaiting = -1;
        int reportedErrors = -1;
        while (!stop.get()) {
            if (waiting.get() != reportedWaiting || errors.get() != reportedErrors) {
                reportedWaiting = waiting.get();
                reportedErrors = errors.get();
                say("waiting " + reportedWaiting);
                say("errors " + reportedErrors);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Marks the fleet's reports among whatever else the process prints (its log). */
    static final String REPORT = "idle-fleet ";

    private static synchronized void say(String line) {
        System.out.println(REPORT + line);
        System.out.flush();
    }

    private List<String> enrollAll(int cars) throws InterruptedException {
        List<String> credentials = java.util.Collections.synchronizedList(new ArrayList<>(cars));
        Semaphore inFlight = new Semaphore(32);
        List<Thread> threads = new ArrayList<>(cars);
        for (int i = 0; i < cars && !stop.get(); i++) {
            int index = i;
            inFlight.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    credentials.add(post("v1/agent/enroll", null, new EnrollRequest(token, "idle-car-" + index, "HW3",
                                    null, io.terafleet.agent.identity.CarSigner.withNewKey().publicKey()),
                            EnrollResponse.class).credential());
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    inFlight.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        say("enrolled " + credentials.size());
        return credentials;
    }

    /** An eligible car with nothing to do: ask for a unit, wait up to 20 s, ask again. */
    private void idleCar(String credential) {
        LeaseRequest request = new LeaseRequest(1, AGENT_LEASE_WAIT.toMillis(), List.of(model));
        waiting.incrementAndGet();
        while (!stop.get()) {
            try {
                LeaseResponse response = post("v1/agent/lease", credential, request, LeaseResponse.class);
                if (!response.units().isEmpty()) {
                    if (leased.compareAndSet(false, true)) {
                        say("first-lease " + ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
                    }
                    waiting.decrementAndGet();
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (errors.incrementAndGet() <= ERRORS_SHOWN) {
                    System.out.println("car request failed: " + e); // the parent shows it beside its own log
                }
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis());
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    private <T> T post(String path, String credential, Object body, Class<T> type) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(coordinator.resolve("/" + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (credential != null) {
            request.header("Authorization", "Bearer " + credential);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + ": HTTP " + response.statusCode());
        }
        return json.readValue(response.body(), type);
    }
}
