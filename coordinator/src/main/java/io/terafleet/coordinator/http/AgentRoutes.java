package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.terafleet.coordinator.access.Access;
import io.javalin.http.Context;
import io.terafleet.coordinator.service.CarService;
import io.terafleet.coordinator.service.LeaseService;
import io.terafleet.core.api.CarStatus;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.EnrollRequest;
import io.terafleet.core.api.HeartbeatRequest;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.ReleaseRequest;
import io.terafleet.core.ledger.Account;
import io.terafleet.core.model.ModelCatalog;

/**
 * The agent API under {@code /v1/agent}: enroll with an operator token, then lease, heartbeat,
 * complete and release with the car's own credential.
 */
final class AgentRoutes {
    static final int MAX_UNITS_PER_LEASE = 16;
    /** Completions one bulk call may carry: a few leases' worth. */
    static final int MAX_COMPLETIONS_PER_CALL = 4 * MAX_UNITS_PER_LEASE;
    static final String CAR_ID = "terafleet.carId";

    private final ObjectMapper json;
    private final CarService cars;
    private final LeaseService leases;
    private final java.util.function.Predicate<String> knownModel;
    private final io.terafleet.coordinator.service.ResultSignatures signatures;
    private final io.terafleet.coordinator.access.EnrollmentLimiter enrollments;

    AgentRoutes(ObjectMapper json, CarService cars, LeaseService leases, java.util.function.Predicate<String> knownModel) {
        this.json = json;
        this.cars = cars;
        this.leases = leases;
        this.knownModel = knownModel;
        this.signatures = new io.terafleet.coordinator.service.ResultSignatures(cars, leases);
        this.enrollments = new io.terafleet.coordinator.access.EnrollmentLimiter(java.time.Clock.systemUTC(),
                cars.enrollmentPolicy().limits());
    }

    void register(Javalin app) {
        app.post("/v1/agent/enroll", this::enroll, Access.ANONYMOUS);
        app.post("/v1/agent/lease", this::lease, Access.CAR);
        app.post("/v1/agent/heartbeat", this::heartbeat, Access.CAR);
        app.post("/v1/agent/complete", this::complete, Access.CAR);
        app.post("/v1/agent/complete-batch", this::completeBatch, Access.CAR);
        app.post("/v1/agent/release", this::release, Access.CAR);
        app.post("/v1/agent/status", this::reportStatus, Access.CAR);
        app.get("/v1/agent/status", this::readStatus, Access.CAR);
    }

    private void enroll(Context ctx) {
        EnrollRequest request = Json.read(json, ctx, EnrollRequest.class);
        requireText(request.enrollmentToken(), "enrollmentToken");
        requireText(request.carName(), "carName");
        String hardware = request.hardwareClass() == null || request.hardwareClass().isBlank() ? "unknown" : request.hardwareClass();
        if (request.ownerId() != null && !Account.ID.matcher(request.ownerId()).matches()) {
            throw ApiProblem.badField("ownerId", "1 to 64 letters, digits or . _ - : @");
        }
        // Every car holds a key pair: what it hands back is refused unless signed with it.
        if (request.publicKey() == null || request.publicKey().isBlank()) {
            throw ApiProblem.badField("publicKey", "is required: every car sends its Ed25519 public key (base64 of"
                    + " its X.509 encoding) and signs what it hands back");
        }
        if (io.terafleet.core.identity.CarKeys.publicKey(request.publicKey()).isEmpty()) {
            throw ApiProblem.badField("publicKey", "base64 of an Ed25519 public key in its X.509 encoding");
        }
        // The client as the connection (or a trusted proxy) says, never as the client says; the coordinator's own
        // machine (a demo, a benchmark fleet) is exempt only where the operator left it so.
        var policy = cars.enrollmentPolicy();
        String source = policy.clientOf(ctx.ip(), ctx.header("X-Forwarded-For"));
        if (!policy.exempt(source)) {
            admitEnrollment(io.terafleet.coordinator.cars.Secrets.sha256Hex(request.enrollmentToken()), source)
                    .ifPresent(seconds -> {
                        throw ApiError.tooMany("enrollment_rate_limited", "Too many enrollments from this address"
                                + " or with this grant; try again in " + seconds + " s", seconds);
                    });
        }
        var enrolled = cars.enroll(request.enrollmentToken(), request.carName(), hardware, request.ownerId(),
                        request.publicKey())
                .orElseThrow(() -> ApiProblem.unauthorized("enrollmentToken: not a valid enrollment token"));
        ctx.status(201).json(enrolled);
    }

    /**
     * This coordinator's own filter first (memory, no store), then the count every coordinator on the store shares;
     * an admission the shared count refuses is given back here.
     */
    private java.util.OptionalLong admitEnrollment(String grantHash, String ip) {
        java.util.OptionalLong local = enrollments.admit(grantHash, ip);
        if (local.isPresent()) {
            return local;
        }
        java.util.OptionalLong shared = cars.admitEnrollment(grantHash,
                io.terafleet.coordinator.access.EnrollmentLimiter.sourceOf(ip));
        if (shared.isPresent()) {
            enrollments.giveBack(grantHash, ip);
        }
        return shared;
    }

    private void lease(Context ctx) throws InterruptedException {
        LeaseRequest request = Json.read(json, ctx, LeaseRequest.class);
        requireValid(request, "");
        requireKey(carId(ctx));
        cars.seen(carId(ctx));
        ctx.json(leases.lease(carId(ctx), request));
    }

    /** A lease request's fields, each named with {@code prefix} ("" for a lease call, "next." inside a completion). */
    private void requireValid(LeaseRequest request, String prefix) {
        if (request.maxUnits() < 1 || request.maxUnits() > MAX_UNITS_PER_LEASE) {
            throw ApiProblem.badField(prefix + "maxUnits", "must be within 1.." + MAX_UNITS_PER_LEASE + ", was "
                    + request.maxUnits());
        }
        if (request.waitMillis() < 0) {
            throw ApiProblem.badField(prefix + "waitMillis", "must not be negative, was " + request.waitMillis());
        }
        if (request.models() != null) {
            for (String model : request.models()) {
                if (!knownModel.test(model)) {
                    throw ApiProblem.badField(prefix + "models", "unknown model \"" + model + "\"; known: "
                            + ModelCatalog.names());
                }
            }
        }
        if (request.expectedAvailableSeconds() != null && request.expectedAvailableSeconds() < 0) {
            throw ApiProblem.badField(prefix + "expectedAvailableSeconds", "must not be negative, was "
                    + request.expectedAvailableSeconds());
        }
        if (request.measuredThroughput() != null && !(request.measuredThroughput() >= 0)) {
            throw ApiProblem.badField(prefix + "measuredThroughput", "must be ≥ 0, was "
                    + request.measuredThroughput());
        }
        if (request.measuredTokensPerSecond() != null && !(request.measuredTokensPerSecond() >= 0)) {
            throw ApiProblem.badField(prefix + "measuredTokensPerSecond", "must be ≥ 0, was "
                    + request.measuredTokensPerSecond());
        }
    }

    private void heartbeat(Context ctx) {
        HeartbeatRequest request = Json.read(json, ctx, HeartbeatRequest.class);
        requireText(request.leaseId(), "leaseId");
        ctx.json(leases.heartbeat(carId(ctx), request));
    }

    private void complete(Context ctx) {
        CompleteRequest request = Json.read(json, ctx, CompleteRequest.class);
        requireText(request.leaseId(), "leaseId");
        if (request.results() == null) {
            throw ApiProblem.badField("results", "is required");
        }
        requireEnergy(request.energyWh());
        requireSigned(carId(ctx), io.terafleet.core.identity.ResultDigest.COMPLETE, request.leaseId(),
                request.results(), request.energyWh(), request.signature());
        ctx.json(leases.complete(carId(ctx), request));
    }

    /**
     * Several completions in one call, each judged alone: one that is malformed or not signed by the car is refused
     * with an outcome of its own (and, for the signature, a strike) while the others go on. With {@code next}, the
     * car's next lease is answered in the same call, after the completions are stored (a bad {@code next} refuses
     * the whole call before anything is stored, as a bad lease call would).
     */
    private void completeBatch(Context ctx) throws InterruptedException {
        var request = Json.read(json, ctx, io.terafleet.core.api.CompleteBatchRequest.class);
        var completions = request.completions();
        if (completions == null || completions.isEmpty() || completions.size() > MAX_COMPLETIONS_PER_CALL) {
            throw ApiProblem.badField("completions", "1 to " + MAX_COMPLETIONS_PER_CALL + " completions, was "
                    + (completions == null ? 0 : completions.size()));
        }
        if (request.next() != null) {
            requireValid(request.next(), "next.");
        }
        String carId = carId(ctx);
        var verdicts = signatures.checkAll(carId, completions);
        var outcomes = new io.terafleet.core.api.CompleteBatchResponse.Outcome[completions.size()];
        java.util.List<CompleteRequest> admitted = new java.util.ArrayList<>();
        java.util.List<Integer> positions = new java.util.ArrayList<>();
        for (int i = 0; i < completions.size(); i++) {
            outcomes[i] = refusal(carId, completions.get(i), verdicts.get(i), i);
            if (outcomes[i] == null) {
                admitted.add(completions.get(i));
                positions.add(i);
            }
        }
        var completed = admitted.isEmpty() ? java.util.List.<io.terafleet.core.api.CompleteBatchResponse.Outcome>of()
                : leases.completeAll(carId, admitted);
        for (int k = 0; k < completed.size(); k++) {
            outcomes[positions.get(k)] = completed.get(k);
        }
        io.terafleet.core.api.LeaseResponse next = null;
        if (request.next() != null) {
            requireKey(carId);
            cars.seen(carId);
            next = leases.lease(carId, request.next());
        }
        ctx.json(new io.terafleet.core.api.CompleteBatchResponse(java.util.List.of(outcomes), next));
    }

    /** Why one completion of a bulk call is refused before it is looked at, or null when it may go on. */
    private io.terafleet.core.api.CompleteBatchResponse.Outcome refusal(
            String carId, CompleteRequest completion, io.terafleet.coordinator.service.ResultSignatures.Verdict verdict,
            int index) {
        String where = "completions[" + index + "].";
        String leaseId = completion == null ? null : completion.leaseId();
        String problem = completion == null ? "completions[" + index + "]: is required"
                : leaseId == null || leaseId.isBlank() ? where + "leaseId: is required"
                : completion.results() == null ? where + "results: is required"
                : completion.energyWh() != null && !(completion.energyWh() >= 0 && Double.isFinite(completion.energyWh()))
                ? where + "energyWh: must be a finite number ≥ 0, was " + completion.energyWh() : null;
        if (problem != null) {
            return new io.terafleet.core.api.CompleteBatchResponse.Outcome(leaseId,
                    io.terafleet.core.api.CompleteBatchResponse.INVALID, problem);
        }
        if (verdict.admits()) {
            return null;
        }
        leases.strike(carId);
        return new io.terafleet.core.api.CompleteBatchResponse.Outcome(leaseId,
                io.terafleet.core.api.CompleteBatchResponse.BAD_SIGNATURE, where + "signature: "
                + (verdict == io.terafleet.coordinator.service.ResultSignatures.Verdict.MISSING
                ? "is required: this car enrolled with a public key and must sign its results"
                : "is not this car's signature of these results (lease, unit, inputs, vectors, energy)"));
    }

    private void release(Context ctx) {
        ReleaseRequest request = Json.read(json, ctx, ReleaseRequest.class);
        requireText(request.leaseId(), "leaseId");
        requireEnergy(request.energyWh());
        requireSigned(carId(ctx), io.terafleet.core.identity.ResultDigest.RELEASE, request.leaseId(),
                request.partialResults() == null ? java.util.List.of() : request.partialResults(),
                request.energyWh(), request.signature());
        if (!leases.release(carId(ctx), request)) {
            // Another car's lease, or one already ended: refused, and nothing of it is changed.
            throw ApiProblem.conflict("lease-not-held", "leaseId: " + request.leaseId()
                    + " is not a live lease of this car (unknown, ended, or another car's)");
        }
        ctx.status(204);
    }

    /**
     * Every car must sign what it hands back: a missing or forged signature is refused (403 naming the field) before
     * anything is counted, and costs the car a strike; a car without a key (enrolled before keys were required) is
     * refused too.
     */
    private void requireSigned(String carId, String kind, String leaseId, java.util.List<io.terafleet.core.api.InputResult> results,
                               Double energyWh, String signature) {
        var verdict = signatures.check(carId, kind, leaseId, results, energyWh, signature);
        if (verdict.admits()) {
            return;
        }
        if (verdict != io.terafleet.coordinator.service.ResultSignatures.Verdict.KEYLESS_CAR) {
            leases.strike(carId);
        }
        throw new ApiProblem(ProblemDetails.forField(403, "bad-signature", "signature", switch (verdict) {
            case KEYLESS_CAR -> "cannot be checked: this car enrolled without a public key and must enroll anew"
                    + " with one";
            case MISSING -> "is required: every car signs its results with its key";
            default -> "is not this car's signature of these results (lease, unit, inputs, vectors, energy)";
        }));
    }

    /**
     * A car enrolled before every car had to hold a key takes no work: nothing it hands back could be accepted.
     * One cached key look-up.
     */
    private void requireKey(String carId) {
        if (cars.publicKey(carId).isEmpty()) {
            throw new ApiProblem(ProblemDetails.forField(403, "car-without-key", "publicKey", "this car enrolled"
                    + " without a public key; it takes no work until it enrolls anew with one"));
        }
    }

    private void reportStatus(Context ctx) {
        CarStatus status = Json.read(json, ctx, CarStatus.class);
        if (!status.eligible()) {
            requireText(status.reason(), "reason");
        }
        if (status.reason() != null && status.reason().length() > 64) {
            throw ApiProblem.badField("reason", "at most 64 characters");
        }
        String detail = status.detail() != null && status.detail().length() > 500
                ? status.detail().substring(0, 500) : status.detail();
        cars.recordStatus(carId(ctx), new CarStatus(status.eligible(), status.reason(), detail, null));
        ctx.status(204);
    }

    private void readStatus(Context ctx) {
        ctx.json(cars.status(carId(ctx)).orElseThrow(() -> ApiProblem.notFound("status of car", carId(ctx))));
    }

    private static String carId(Context ctx) {
        return ctx.attribute(CAR_ID);
    }

    /** Energy is optional (older agents send none) but, when sent, a finite amount of at least zero. */
    static void requireEnergy(Double energyWh) {
        if (energyWh != null && !(energyWh >= 0 && Double.isFinite(energyWh))) {
            throw ApiProblem.badField("energyWh", "must be a finite number ≥ 0, was " + energyWh);
        }
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.badField(field, "is required");
        }
    }
}
