package io.github.mcpoauth.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Serves the module's scripts from the jar: the browser client {@code mcp-oauth.js}, its elicitation
 * forms {@code mcp-elicitation.js}, and {@code done.js}.
 */
final class ScriptResource {

    private static final String DIRECTORY = "/io/github/mcpoauth/web/";
    private static final Set<String> NAMES = Set.of("mcp-oauth.js", "mcp-elicitation.js", "done.js");

    private ScriptResource() {
    }

    /** Whether {@code subPath} (below the module's path) names one of the scripts. */
    static boolean isScript(String subPath) {
        return subPath.startsWith("/") && NAMES.contains(subPath.substring(1));
    }

    static void serve(HttpServletResponse response, String subPath) throws IOException {
        byte[] bytes;
        try (InputStream in = isScript(subPath) ? ScriptResource.class.getResourceAsStream(DIRECTORY + subPath.substring(1))
                : null) {
            if (in == null) {
                response.sendError(404);
                return;
            }
            bytes = in.readAllBytes();
        }
        response.setContentType("text/javascript;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
