package io.github.mcpoauth.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The one same-site retry of an OAuth callback that arrived without its owner. The authorization
 * server's redirect is a cross-site navigation, on which browsers withhold {@code SameSite=Strict}
 * cookies (RFC 6265bis section 5.2); a navigation started by a page of this application to itself is
 * same-site, so it carries them. The page reloads the callback with {@value #MARKER} added, by a
 * meta refresh (no script, so the page's policy allows none) and a link for browsers that refuse
 * meta refresh. The query is rebuilt from the decoded parameters, so nothing of it is reflected raw.
 */
final class CallbackBounce {

    /** Added to the callback's query by the bounce; its presence means "do not bounce again". */
    static final String MARKER = "mcp_oauth_bounced";

    private CallbackBounce() {
    }

    static boolean isBounced(HttpServletRequest request) {
        return request.getParameter(MARKER) != null;
    }

    /** The callback's query parameters (first value of each), without the marker. */
    static Map<String, String> params(HttpServletRequest request) {
        Map<String, String> params = new HashMap<>();
        request.getParameterMap().forEach((k, v) -> {
            if (v.length > 0 && !k.equals(MARKER)) {
                params.put(k, v[0]);
            }
        });
        return params;
    }

    /** Answers with the page that reloads this callback once, same-site. */
    static void send(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String again = HtmlPages.escape(relativeUrl(request));
        HtmlPages.send(response, HtmlPages.CSP_NOTHING, """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="referrer" content="no-referrer">
                <meta http-equiv="refresh" content="0;url=%s">
                <title>Completing the authorization</title>
                </head>
                <body>
                <p>Completing the authorization&hellip; <a href="%s">Continue</a></p>
                </body>
                </html>
                """.formatted(again, again));
    }

    /** {@code ?<the same parameters>&MARKER=1}, relative to the callback's own path. */
    private static String relativeUrl(HttpServletRequest request) {
        StringBuilder query = new StringBuilder("?");
        request.getParameterMap().forEach((name, values) -> {
            for (String value : values) {
                query.append(encode(name)).append('=').append(encode(value)).append('&');
            }
        });
        return query.append(MARKER).append("=1").toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
