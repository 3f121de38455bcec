package io.github.mcpoauth.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/** Serves the browser client {@code mcp-oauth.js} from the jar. */
final class ScriptResource {

    private static final String RESOURCE = "/io/github/mcpoauth/web/mcp-oauth.js";

    private ScriptResource() {
    }

    static void serve(HttpServletResponse response) throws IOException {
        byte[] bytes;
        try (InputStream in = ScriptResource.class.getResourceAsStream(RESOURCE)) {
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
