package io.github.mcpoauth.web;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.internal.oauth.ErrorText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP error answer, written as {@code {"error":{"code","message"}}} (plus {@code authUrl} for
 * {@code authorization_required}, so a caller can send the user there at once); the message is user-safe.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ApiError.class);

    private final int status;
    private final String code;
    private final String authUrl;

    ApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    private ApiError(int status, String code, String message, String authUrl) {
        super(ErrorText.sanitize(message), null, false, false);
        this.status = status;
        this.code = code;
        this.authUrl = authUrl;
    }

    static ApiError of(McpOAuthException.Code code, String message) {
        return new ApiError(code.httpStatus(), code.wireName(), message);
    }

    /** Maps any failure to an answer; only our own exception types contribute their message. */
    static ApiError from(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ApiError e) {
            return e;
        }
        if (t instanceof McpOAuthException e) {
            return new ApiError(e.code().httpStatus(), e.code().wireName(), e.getMessage(), e.authUrl());
        }
        if (t instanceof IllegalArgumentException e) {
            return new ApiError(400, "invalid_request", e.getMessage());
        }
        log.warn("Request failed unexpectedly", t);
        return new ApiError(500, "internal_error", "Internal error");
    }

    int status() {
        return status;
    }

    Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", getMessage() == null ? code : getMessage());
        if (authUrl != null) {
            error.put("authUrl", authUrl);
        }
        return Map.of("error", error);
    }
}
