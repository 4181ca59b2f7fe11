package mrtbox.web.http;

/**
 * A request that cannot be carried out: the HTTP status and a reason a person can act on. Thrown anywhere below a
 * route and turned into {@code {"error": reason}} by the router; nothing has been changed when it is thrown.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final long retryAfterSeconds;

    public ApiError(int status, String reason) {
        this(status, reason, 0);
    }

    public ApiError(int status, String reason, long retryAfterSeconds) {
        super(reason, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiError badRequest(String reason) { return new ApiError(400, reason); }
    public static ApiError notFound(String reason) { return new ApiError(404, reason); }
    public static ApiError conflict(String reason) { return new ApiError(409, reason); }

    public int status() { return status; }
    public String reason() { return getMessage(); }
    public long retryAfterSeconds() { return retryAfterSeconds; }
}
