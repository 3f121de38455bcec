package io.github.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the page with which the OAuth callback answers a request that has no owner: checks what
 * such a page must be (HTML, not cached, not framed, no script allowed, no cookie set) and returns
 * where its meta refresh goes, resolved against the callback.
 */
final class BouncePage {

    private static final Pattern REFRESH = Pattern.compile("<meta http-equiv=\"refresh\" content=\"0;url=([^\"]*)\">");

    private BouncePage() {
    }

    static URI target(URI callback, HttpResponse<String> page) {
        assertEquals(200, page.statusCode(), page.headers() + "\n" + page.body());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElseThrow());
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElseThrow());
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.startsWith("default-src 'none'") && !csp.contains("script-src"), csp);
        assertFalse(page.headers().firstValue("Set-Cookie").isPresent(), "the bounce set a cookie: " + page.headers());
        Matcher m = REFRESH.matcher(page.body());
        assertTrue(m.find(), page.body());
        String url = m.group(1).replace("&amp;", "&");
        assertTrue(url.startsWith("?"), url);
        assertTrue(page.body().contains("<a href=\"" + m.group(1) + "\">"), "no link to the same place: " + page.body());
        // RFC 3986 section 5.2.2 (a browser's reading); URI.resolve would drop the last path segment
        return URI.create(callback.getScheme() + "://" + callback.getRawAuthority() + callback.getRawPath() + url);
    }

    /** The decoded query parameters of {@code uri} (first value of each). */
    static Map<String, String> params(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            params.putIfAbsent(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
