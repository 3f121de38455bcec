package io.github.mcpoauth.config;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@code mcp.oauth.client-metadata-url}, the URL that is this app's {@code client_id} at
 * authorization servers supporting Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document
 * section 3): an https URL with a path, no dot segments, fragment, user info or query; plain http only
 * on loopback with {@code mcp.oauth.allow-loopback} (tests, samples), since an AS must fetch it.
 *
 * <p>{@code auto} names the document the module serves itself, {@code client-metadata.json} beside the
 * module's callback in {@code mcp.oauth.callback-url}. The document must list the exact redirect URI, and
 * an AS fetches it without any user's request to derive one from, so the module serves a document only
 * for a configured callback URL: at {@link #servedBeside} it.
 */
final class ClientMetadataUrl {

    static final String AUTO = "auto";
    static final String DOCUMENT = "client-metadata.json";

    private ClientMetadataUrl() {
    }

    static Optional<URI> read(ConfigReader r, Optional<URI> callbackUrl, String path, boolean allowLoopback) {
        String key = ConfigKey.CLIENT_METADATA_URL.key();
        Optional<String> value = r.optional(ConfigKey.CLIENT_METADATA_URL);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        URI url;
        if (value.get().equalsIgnoreCase(AUTO)) {
            if (callbackUrl.isEmpty()) {
                throw new McpOAuthConfigException(key, "auto needs " + ConfigKey.CALLBACK_URL.key()
                        + ": the document lists it as the redirect URI");
            }
            url = servedBeside(callbackUrl.get(), path).orElseThrow(() -> new McpOAuthConfigException(key,
                    "auto needs " + ConfigKey.CALLBACK_URL.key() + " to be the module's own callback (ending in "
                    + path + "/callback, without query or fragment); otherwise give the document's URL"));
        } else {
            try {
                url = URI.create(value.get());
            } catch (IllegalArgumentException e) {
                throw new McpOAuthConfigException(key, "expected an https URL or auto, got '" + value.get() + "'");
            }
        }
        check(key, url, allowLoopback);
        return Optional.of(url);
    }

    /** {@code client-metadata.json} beside the module's callback, or empty when the callback is not the module's. */
    static Optional<URI> servedBeside(URI callbackUrl, String path) {
        String callbackPath = callbackUrl.getRawPath();
        if (callbackUrl.getRawQuery() != null || callbackUrl.getRawFragment() != null || callbackPath == null
                || !callbackPath.endsWith(path + "/callback") || callbackUrl.getRawAuthority() == null) {
            return Optional.empty();
        }
        String directory = callbackPath.substring(0, callbackPath.length() - "callback".length());
        return Optional.of(URI.create(callbackUrl.getScheme().toLowerCase(Locale.ROOT) + "://"
                + callbackUrl.getRawAuthority() + directory + DOCUMENT));
    }

    private static void check(String key, URI url, boolean allowLoopback) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        boolean loopbackHttp = scheme.equals("http") && allowLoopback
                && (host.equals("localhost") || host.equals("[::1]") || host.matches("127(\\.\\d{1,3}){3}"));
        if (!scheme.equals("https") && !loopbackHttp) {
            throw new McpOAuthConfigException(key, "must be an https URL (http only on loopback with "
                    + ConfigKey.ALLOW_LOOPBACK.key() + "), got '" + url + "'");
        }
        String rawPath = url.getRawPath() == null ? "" : url.getRawPath();
        if (host.isEmpty() || rawPath.isEmpty() || rawPath.equals("/") || url.getRawUserInfo() != null
                || url.getRawFragment() != null || url.getRawQuery() != null || hasDotSegment(rawPath)) {
            throw new McpOAuthConfigException(key, "must be a URL with a host and a path, without user info, query,"
                    + " fragment or . and .. segments (it is the client_id), got '" + url + "'");
        }
    }

    private static boolean hasDotSegment(String rawPath) {
        for (String segment : rawPath.split("/", -1)) {
            String s = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (s.equals(".") || s.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
