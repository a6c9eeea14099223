package io.terafleet.coordinator.http;

/**
 * An error on the cloud APIs, independent of how it is written: {@link ErrorFormat} renders it as OpenAI's
 * error body, KServe's or a problem document, by the endpoint that failed.
 *
 * @see ErrorFormat
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final Long retryAfterSeconds;

    public ApiError(int status, String type, String code, String param, String message, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiError invalid(String param, String message) {
        return new ApiError(400, "invalid_request_error", "invalid_value", param, message, null);
    }

    public static ApiError notFound(String param, String message) {
        return new ApiError(404, "invalid_request_error", "not_found", param, message, null);
    }

    public static ApiError modelNotFound(String model) {
        return new ApiError(404, "invalid_request_error", "model_not_found", "model",
                "The model '" + model + "' does not exist", null);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "invalid_request_error", "invalid_api_key", null, message, null);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "invalid_request_error", "forbidden", null, message, null);
    }

    public static ApiError conflict(String code, String message) {
        return new ApiError(409, "invalid_request_error", code, null, message, null);
    }

    public static ApiError tooMany(String code, String message, long retryAfterSeconds) {
        String type = "inputs".equals(code) ? "insufficient_quota" : "requests";
        return new ApiError(429, type, "inputs".equals(code) ? "insufficient_quota" : "rate_limit_exceeded", null,
                message, retryAfterSeconds);
    }

    public static ApiError unavailable(String message, long retryAfterSeconds) {
        return new ApiError(503, "server_error", "no_capacity", null, message, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
