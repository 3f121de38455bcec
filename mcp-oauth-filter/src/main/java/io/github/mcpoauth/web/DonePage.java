package io.github.mcpoauth.web;

import io.github.mcpoauth.internal.oauth.ErrorText;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the OAuth callback sends the browser when the application configured no redirect:
 * {@code <path>/done}. Its script ({@code done.js}, a file so that the page's policy allows no
 * inline script) tells the page that opened the popup the outcome, to that page's origin only if
 * it is this one, and closes the popup; without such an opener it goes to the context root, with
 * the error in the query as a configured redirect would have it. The page shows the outcome as
 * text for browsers without script.
 */
final class DonePage {

    static final String PATH = "/done";

    private DonePage() {
    }

    /** The page's URL for {@code outcome}: its server id and state, or its error. */
    static String location(HttpServletRequest request, String modulePath, CallbackOutcome outcome) {
        String page = request.getContextPath() + modulePath + PATH;
        if (!outcome.success()) {
            return RedirectTargets.withError(page, outcome.error());
        }
        StringBuilder query = new StringBuilder();
        append(query, "serverId", outcome.serverId());
        append(query, "state", outcome.state());
        return query.isEmpty() ? page : page + "?" + query;
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    static void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String error = request.getParameter("error");
        boolean failed = error != null;
        String detail = failed ? ErrorText.sanitize(error) : "You can close this window.";
        HtmlPages.send(response, HtmlPages.CSP_OWN_SCRIPTS, """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="referrer" content="no-referrer">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                </head>
                <body>
                <h1>%s</h1>
                <p id="detail">%s</p>
                <p><a id="home" href="%s">Back to the application</a></p>
                <script src="done.js"></script>
                </body>
                </html>
                """.formatted(failed ? "Authorization failed" : "Authorization finished",
                failed ? "Authorization failed" : "Authorization finished", HtmlPages.escape(detail),
                HtmlPages.escape(request.getContextPath() + "/")));
    }
}
