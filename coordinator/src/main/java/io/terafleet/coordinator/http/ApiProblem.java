package io.terafleet.coordinator.http;

/** Ends a request with a problem document; thrown from handlers and mapped in one place. */
public final class ApiProblem extends RuntimeException {
    private final transient ProblemDetails problem;

    public ApiProblem(ProblemDetails problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public ProblemDetails problem() {
        return problem;
    }

    public static ApiProblem badField(String field, String detail) {
        return new ApiProblem(ProblemDetails.forField(400, "invalid-field", field, detail));
    }

    public static ApiProblem notFound(String what, String id) {
        return new ApiProblem(ProblemDetails.of(404, "not-found", what + " not found", "no " + what + " with id " + id));
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(ProblemDetails.of(401, "unauthorized", "Unauthorized", detail));
    }

    public static ApiProblem conflict(String slug, String detail) {
        return new ApiProblem(ProblemDetails.of(409, slug, "Conflict", detail));
    }
}
