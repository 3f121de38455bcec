package io.github.mcpoauth.internal.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;
import java.net.URI;
import java.util.Map;

/**
 * Renders an OAuth error (RFC 6749 sections 4.1.2.1 and 5.2, RFC 7591 section 3.2.2) as a short,
 * sanitized sentence part that says in words what the code means, the code and description after
 * it in parentheses for whoever has to look it up.
 */
final class OAuthErrors {

    private static final Map<String, String> MEANINGS = Map.ofEntries(
            Map.entry("access_denied", "the authorization was denied"),
            Map.entry("invalid_request", "the request was incomplete or malformed"),
            Map.entry("unauthorized_client", "this application may not use this kind of authorization there"),
            Map.entry("unsupported_response_type", "the authorization code flow is not supported there"),
            Map.entry("invalid_scope", "the requested permissions (scope) were refused"),
            Map.entry("server_error", "the authorization server had an internal error"),
            Map.entry("temporarily_unavailable", "the authorization server is temporarily unavailable; try again later"),
            Map.entry("invalid_client", "this application's client credentials were not accepted"),
            Map.entry("invalid_grant", "the authorization is no longer valid (expired, used or revoked)"),
            Map.entry("unsupported_grant_type", "this kind of token request is not supported there"),
            Map.entry("invalid_redirect_uri", "this application's redirect URI was refused"),
            Map.entry("invalid_client_metadata", "this application's registration details were refused"));

    private OAuthErrors() {
    }

    /** {@code meaning (code: description)}, or {@code HTTP status} when the body held no OAuth error. */
    static String describe(ErrorObject error, int httpStatus) {
        if (error == null || error.getCode() == null || error.getCode().isBlank()) {
            return "HTTP " + httpStatus;
        }
        return explained(error.getCode(), error.getDescription());
    }

    /**
     * The sentence for an error response at the callback: "The authorization was denied at
     * auth.example.com (access_denied)", or for another code "The authorization server at
     * auth.example.com refused the authorization: meaning (code)".
     */
    static String authorizationResponse(String code, String description, String authUrl) {
        String host = hostOf(authUrl);
        if ("access_denied".equals(code)) {
            return ErrorText.sanitize("The authorization was denied at " + host + " (" + codeAndDescription(code, description) + ")");
        }
        return ErrorText.sanitize("The authorization server at " + host + " refused the authorization: "
                + explained(code, description));
    }

    private static String explained(String code, String description) {
        String meaning = MEANINGS.get(code);
        String raw = codeAndDescription(code, description);
        return ErrorText.sanitize(meaning == null ? raw : meaning + " (" + raw + ")");
    }

    private static String codeAndDescription(String code, String description) {
        return code + (description == null || description.isBlank() ? "" : ": " + description);
    }

    /** The host the user knows the server by, as written in its URL (never a resolved address). */
    private static String hostOf(String url) {
        try {
            String host = url == null ? null : URI.create(url).getHost();
            return host == null ? "its authorization server" : host;
        } catch (IllegalArgumentException e) {
            return "its authorization server";
        }
    }
}
