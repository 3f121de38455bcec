package io.github.mcpoauth.internal.oauth;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * URL arithmetic for discovery: the well-known locations of protected resource metadata (RFC 9728
 * section 3.1) and authorization server metadata (RFC 8414 section 3.1, OpenID Connect Discovery
 * 1.0 section 4), origins with default ports normalised, and the resource match of RFC 9728
 * section 3.3 as MCP applies it (same origin, path equal or below at a {@code /} boundary).
 */
final class WellKnownUrls {

    static final String PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource";
    static final String AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";
    static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

    private WellKnownUrls() {
    }

    /** {@code scheme://host[:port]}, lower case, without a default port. */
    static String origin(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    /** The raw path without its terminating slash; empty for none or "/". */
    static String pathOf(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return stripTrailingSlash(path);
    }

    static String stripTrailingSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    /** Where to look for the server's protected resource metadata, in order. */
    static List<URI> protectedResourceCandidates(URI serverUrl, URI fromChallenge) {
        List<URI> candidates = new ArrayList<>();
        if (fromChallenge != null) {
            candidates.add(fromChallenge);
        }
        String origin = origin(serverUrl);
        String path = pathOf(serverUrl);
        if (!path.isEmpty()) {
            candidates.add(URI.create(origin + PROTECTED_RESOURCE + path));
        }
        candidates.add(URI.create(origin + PROTECTED_RESOURCE));
        return candidates.stream().distinct().toList();
    }

    /** Where to look for an issuer's authorization server metadata, in order. */
    static List<URI> authorizationServerCandidates(URI issuer) {
        String origin = origin(issuer);
        String path = pathOf(issuer);
        if (path.isEmpty()) {
            return List.of(URI.create(origin + AUTHORIZATION_SERVER), URI.create(origin + OPENID_CONFIGURATION));
        }
        return List.of(URI.create(origin + AUTHORIZATION_SERVER + path),
                URI.create(origin + OPENID_CONFIGURATION + path),
                URI.create(origin + path + OPENID_CONFIGURATION));
    }

    /** True when {@code resource} identifies {@code serverUrl} or a prefix of it at a path boundary. */
    static boolean resourceMatches(URI resource, URI serverUrl) {
        if (!isHttp(resource) || !origin(resource).equals(origin(serverUrl))) {
            return false;
        }
        String resourcePath = pathOf(resource);
        String serverPath = pathOf(serverUrl);
        return serverPath.equals(resourcePath) || serverPath.startsWith(resourcePath + "/");
    }

    static boolean isHttp(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null;
    }

    /** The URL with its fragment removed: the default RFC 8707 resource of a server. */
    static URI withoutFragment(URI url) {
        String text = url.toString();
        int hash = text.indexOf('#');
        return hash < 0 ? url : URI.create(text.substring(0, hash));
    }
}
