package io.github.mcpoauth.internal.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;

/** Renders an OAuth error response (RFC 6749 section 5.2) as a short, sanitized sentence part. */
final class OAuthErrors {

    private OAuthErrors() {
    }

    /** {@code code: description}, or {@code HTTP status} when the body held no OAuth error. */
    static String describe(ErrorObject error, int httpStatus) {
        if (error == null || error.getCode() == null || error.getCode().isBlank()) {
            return "HTTP " + httpStatus;
        }
        String description = error.getDescription();
        return ErrorText.sanitize(error.getCode()
                + (description == null || description.isBlank() ? "" : ": " + description));
    }
}
