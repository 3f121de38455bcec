package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import java.net.URI;
import java.util.Locale;

/** A validated MCP server URL, split the way the SDK transports want it: origin and path. */
record ServerEndpoint(URI url, String origin, String pathAndQuery) {

    static ServerEndpoint parse(String value) {
        URI uri;
        try {
            uri = value == null ? null : new URI(value.trim());
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new McpOAuthException(McpOAuthException.Code.INVALID_REQUEST,
                    "url must be an absolute http(s) URL without user info or fragment");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String origin = scheme + "://" + uri.getRawAuthority();
        return new ServerEndpoint(uri, origin, path + query);
    }

    /** True when {@code other} is on this server's origin: tokens never leave it. */
    boolean sameOrigin(URI other) {
        return other != null && url.getScheme().equalsIgnoreCase(other.getScheme())
                && url.getHost().equalsIgnoreCase(other.getHost()) && port(url) == port(other);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
