package io.github.mcpoauth.sample.demo;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;

/**
 * The demo's consent and error pages. Every value that came from a client (its name, its redirect
 * URI) is HTML-escaped; the page cannot be framed (clickjacking) and runs no script.
 */
final class ConsentPage {

    private ConsentPage() {
    }

    static void render(HttpServletResponse response, String action, String tx, DemoGrant grant, URI redirectUri)
            throws IOException {
        String body = "<h1>Authorize <span id=\"client-name\">" + escape(grant.clientName()) + "</span>?</h1>\n"
                + "<p>This application asks to use the demo MCP server on behalf of <b>"
                + escape(grant.subject()) + "</b>.</p>\n"
                + "<dl>\n<dt>MCP server</dt><dd>" + escape(grant.resource()) + "</dd>\n"
                + "<dt>Scope</dt><dd>" + escape(grant.scope()) + "</dd>\n"
                + "<dt>Returns to</dt><dd>" + escape(origin(redirectUri)) + "</dd>\n</dl>\n"
                + "<form method=\"post\" action=\"" + escape(action) + "\">\n"
                + "<input type=\"hidden\" name=\"tx\" value=\"" + escape(tx) + "\">\n"
                + "<button id=\"approve\" type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>\n"
                + "<button id=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n"
                + "</form>\n";
        write(response, 200, "Authorize " + grant.clientName(), body);
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        write(response, status, "Authorization error",
                "<h1>Authorization error</h1>\n<p id=\"error\">" + escape(message) + "</p>\n");
    }

    private static void write(HttpServletResponse response, int status, String title, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.getWriter().write("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head>\n<body><main>\n"
                + "<p class=\"banner\">Demo authorization server of the mcp-oauth-filter sample: for evaluation only, "
                + "not for production. There is no login; you act as the demo user.</p>\n"
                + body + "</main></body></html>\n");
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
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

    private static final String STYLE = "body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}"
            + "main{max-width:32rem;margin:3rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;"
            + "box-shadow:0 1px 4px rgba(0,0,0,.15)}.banner{background:#fff4d6;border:1px solid #e6c35c;padding:.5rem;"
            + "border-radius:4px;font-size:.85rem}dt{font-weight:600}dd{margin:0 0 .5rem 0;word-break:break-all}"
            + "button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem;border-radius:4px;border:1px solid #888;"
            + "cursor:pointer}#approve{background:#1f6feb;color:#fff;border-color:#1f6feb}";
}
