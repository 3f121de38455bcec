package io.github.mcpoauth.internal.oauth;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a protected resource asked for in its {@code Bearer} challenge (RFC 6750 section 3, RFC 9728
 * section 5.1): an {@code error}, the {@code scope} needed and where its {@code resource_metadata}
 * lives. Every field is null when absent or unreadable.
 *
 * @param status the HTTP status of the response carrying the challenge; 0 for {@link #none()}
 */
public record BearerChallenge(int status, String error, String scope, URI resourceMetadata) {

    /** No challenge at all: for starting an authorization proactively. */
    public static BearerChallenge none() {
        return new BearerChallenge(0, null, null, null);
    }

    /**
     * Parses the {@code WWW-Authenticate} header values of a response. The first {@code Bearer}
     * challenge counts; other schemes, malformed parameters and non-absolute URLs are ignored.
     */
    public static BearerChallenge parse(int status, List<String> wwwAuthenticateValues) {
        if (wwwAuthenticateValues == null || wwwAuthenticateValues.isEmpty()) {
            return new BearerChallenge(status, null, null, null);
        }
        String joined = String.join(", ", wwwAuthenticateValues.stream().filter(v -> v != null).toList());
        Map<String, String> params = AuthChallengeParser.paramsOf(joined, "Bearer");
        if (params == null) {
            return new BearerChallenge(status, null, null, null);
        }
        return new BearerChallenge(status, blankToNull(params.get("error")), blankToNull(params.get("scope")),
                absoluteHttpUri(params.get("resource_metadata")));
    }

    /** A 403 asking for more scope: the cue for a step-up authorization. */
    public boolean insufficientScope() {
        return status == 403 && "insufficient_scope".equals(error);
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
