package io.github.mcpoauth.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The check a URL elicitation's {@code url} passes before its owner sees it (MCP 2025-11-25
 * "Elicitation", URL mode safety): absolute https with a host and no user info; http only to a
 * loopback host when {@code mcp.oauth.allow-loopback} is on. Anything else ({@code javascript:},
 * {@code data:}, {@code file:}, relative) could run in, or leave, the dashboard's origin. The URL is
 * never fetched here: no DNS look-up either, the browser opens it only when the user chooses to.
 */
final class ElicitationUrls {

    private static final int MAX_LENGTH = 8192;

    private ElicitationUrls() {
    }

    /** Why {@code url} may not be shown; null when it may. */
    static String problem(String url, boolean allowLoopback) {
        if (url == null || url.isBlank() || url.length() > MAX_LENGTH) {
            return "is missing or too long";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return "must name a host and no user info";
        }
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http") && allowLoopback && isLoopback(uri.getHost())) {
            return null;
        }
        return "must be https";
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        // a literal address only: getByName on a literal does no look-up
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
