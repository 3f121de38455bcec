package io.github.mcpoauth.internal.oauth;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a protected resource asked for in its {@code Bearer} challenge (RFC 6750 section 3, RFC 9728
 * section 5.1): an {@code error} and its {@code error_description}, the {@code scope} needed and
 * where its {@code resource_metadata} lives. Every field is null when absent or unreadable. The
 * description is the resource server's own words, untrusted: sanitized ({@link ErrorText}) and cut
 * to {@value #MAX_DESCRIPTION} characters, as it may be shown to the user.
 *
 * @param status the HTTP status of the response carrying the challenge; 0 for {@link #none()}
 * @param dpopOffered the response challenged with the {@code DPoP} scheme too or instead (RFC 9449
 *        section 7.1): the server takes DPoP-bound tokens
 */
public record BearerChallenge(int status, String error, String scope, URI resourceMetadata, String description,
        boolean dpopOffered) {

    /** The longest {@code error_description} kept. */
    public static final int MAX_DESCRIPTION = 200;

    public BearerChallenge {
        description = description == null ? null : blankToNull(cut(ErrorText.sanitize(description)));
    }

    /** A {@code Bearer} challenge. */
    public BearerChallenge(int status, String error, String scope, URI resourceMetadata, String description) {
        this(status, error, scope, resourceMetadata, description, false);
    }

    /** A {@code Bearer} challenge without a description. */
    public BearerChallenge(int status, String error, String scope, URI resourceMetadata) {
        this(status, error, scope, resourceMetadata, null);
    }

    /** No challenge at all: for starting an authorization proactively. */
    public static BearerChallenge none() {
        return new BearerChallenge(0, null, null, null);
    }

    /**
     * Parses the {@code WWW-Authenticate} header values of a response. The first {@code Bearer}
     * challenge's parameters count, else the first {@code DPoP} one's; other schemes, malformed
     * parameters and non-absolute URLs are ignored.
     */
    public static BearerChallenge parse(int status, List<String> wwwAuthenticateValues) {
        if (wwwAuthenticateValues == null || wwwAuthenticateValues.isEmpty()) {
            return new BearerChallenge(status, null, null, null);
        }
        String joined = String.join(", ", wwwAuthenticateValues.stream().filter(v -> v != null).toList());
        Map<String, String> dpop = AuthChallengeParser.paramsOf(joined, "DPoP");
        Map<String, String> params = AuthChallengeParser.paramsOf(joined, "Bearer");
        if (params == null) {
            // a server accepting only DPoP-bound tokens challenges with that scheme alone
            params = dpop;
        }
        if (params == null) {
            return new BearerChallenge(status, null, null, null);
        }
        return new BearerChallenge(status, blankToNull(params.get("error")), blankToNull(params.get("scope")),
                absoluteHttpUri(params.get("resource_metadata")), params.get("error_description"), dpop != null);
    }

    /** A 403 asking for more scope: the cue for a step-up authorization. */
    public boolean insufficientScope() {
        return status == 403 && "insufficient_scope".equals(error);
    }

    /** A 401 {@code invalid_token}: the token sent was rejected (RFC 6750 section 3.1). */
    public boolean invalidToken() {
        return status == 401 && "invalid_token".equals(error);
    }

    /** {@code error: description}, {@code error} alone, or null when the challenge named no error. */
    public String errorAndDescription() {
        return error == null ? null : description == null ? error : error + ": " + description;
    }

    private static String cut(String text) {
        if (text.length() <= MAX_DESCRIPTION) {
            return text;
        }
        int end = MAX_DESCRIPTION - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never half a character
        }
        return text.substring(0, end).strip() + "\u2026";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static URI absoluteHttpUri(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
