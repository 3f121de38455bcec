package io.github.mcpoauth.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The module's few HTML answers (the callback's same-site bounce, the page ending the popup): never
 * cached, never framed, no referrer, and a Content-Security-Policy that allows only what the page
 * needs; every value from a request goes in through {@link #escape}.
 */
final class HtmlPages {

    /** No script, style, image or form: a page that only shows text and links. */
    static final String CSP_NOTHING = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** As {@link #CSP_NOTHING}, plus scripts served by this application (never inline ones). */
    static final String CSP_OWN_SCRIPTS = "default-src 'none'; script-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private HtmlPages() {
    }

    static void send(HttpServletResponse response, String csp, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", csp);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Text for HTML element content or a quoted attribute value. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
