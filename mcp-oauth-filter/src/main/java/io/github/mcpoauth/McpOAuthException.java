package io.github.mcpoauth;

import java.util.Objects;

/**
 * The one exception type of the public API. {@link #code()} says what went wrong in a way a caller
 * (or the REST layer) can map to a response; {@link #getMessage()} is safe to show to a user: it
 * never carries tokens, secrets or stack traces.
 */
public final class McpOAuthException extends RuntimeException {

    /** What kind of failure this is; the REST layer maps each to an HTTP status. */
    public enum Code {
        /** The request was malformed or named an invalid value (400). */
        INVALID_REQUEST(400),
        /** The caller may not do this (403). */
        FORBIDDEN(403),
        /** No such server for this owner (404). */
        NOT_FOUND(404),
        /** The operation conflicts with the server's current state (409). */
        CONFLICT(409),
        /** The server needs (re-)authorization; {@link #authUrl()} says where (409). */
        AUTHORIZATION_REQUIRED(409),
        /** The OAuth callback was refused: unknown, expired, replayed or foreign state (400). */
        INVALID_CALLBACK(400),
        /** A remote MCP or authorization server failed or answered badly (502). */
        UPSTREAM(502),
        /** A remote call did not answer in time (504). */
        TIMEOUT(504),
        /** A dependency of ours (the store, say) is unavailable (503). */
        UNAVAILABLE(503);

        private final int httpStatus;

        Code(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        /** The HTTP status the REST layer answers with. */
        public int httpStatus() {
            return httpStatus;
        }

        /** The wire name, e.g. {@code authorization_required}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final long serialVersionUID = 1L;

    private final Code code;
    private final String authUrl;

    public McpOAuthException(Code code, String message) {
        this(code, message, null, null);
    }

    public McpOAuthException(Code code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    private McpOAuthException(Code code, String message, String authUrl, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.authUrl = authUrl;
    }

    /** A server needs the user to authorize (again) at {@code authUrl}. */
    public static McpOAuthException authorizationRequired(String serverId, String authUrl) {
        return new McpOAuthException(Code.AUTHORIZATION_REQUIRED,
                "Server " + serverId + " needs authorization", authUrl, null);
    }

    public Code code() {
        return code;
    }

    /** Where the user should authorize, for {@link Code#AUTHORIZATION_REQUIRED}; else null. */
    public String authUrl() {
        return authUrl;
    }
}
