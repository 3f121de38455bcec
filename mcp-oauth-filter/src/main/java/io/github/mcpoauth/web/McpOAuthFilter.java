package io.github.mcpoauth.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * The REST API under {@code mcp.oauth.path} (README "HTTP and WebSocket API"). Each request: match the
 * route, check CSRF (state-changing methods only), resolve the owner, dispatch, answer JSON.
 * Requests for the callback and the WebSocket pass through; with the module disabled, everything does.
 * The scripts, the done page, the Client ID Metadata Document and the health summary (when enabled) are
 * answered before any of that: they need no owner.
 */
public final class McpOAuthFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        McpOAuthRuntime runtime = (McpOAuthRuntime) getServletContext().getAttribute(McpOAuthRuntime.ATTRIBUTE);
        String subPath = runtime == null ? null : subPath(request, runtime.config().path());
        if (subPath == null || Router.isPassThrough(subPath)) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getMethod().equals("GET") && ScriptResource.isScript(subPath)) {
            ScriptResource.serve(response, subPath);
            return;
        }
        if (request.getMethod().equals("GET") && subPath.equals(ClientMetadataResource.PATH)
                && runtime.clientMetadata().isPresent()) {
            runtime.clientMetadata().get().serve(response);
            return;
        }
        if (HealthResource.serves(runtime.config(), request.getMethod(), subPath)) {
            HealthResource.serve(runtime, request, response);
            return;
        }
        if (request.getMethod().equals("GET") && subPath.equals(DonePage.PATH)) {
            DonePage.serve(request, response);
            return;
        }
        JsonIo json = runtime.json();
        try {
            Router.Match match = Router.match(request.getMethod(), subPath);
            checkCsrf(runtime, request);
            String owner = runtime.owner(request);
            Map<String, Object> body = request.getMethod().equals("GET") ? Map.of() : json.readObject(request);
            ApiCall call = new ApiCall(runtime.service().manager(owner), match.params(), body,
                    runtime.redirectUri(request), runtime.config().discoveryTimeout(),
                    runtime.service().deadlines());
            AsyncReply.reply(request, match.endpoint().handle(call), answerTimeout(runtime),
                    (answer, error) -> {
                        if (error != null) {
                            json.sendError(response, ApiError.from(error));
                        } else {
                            json.send(response, answer.status(), answer.body());
                        }
                    });
        } catch (RuntimeException e) {
            json.sendError(response, ApiError.from(e), !request.getMethod().equals("GET") && request.getContentLengthLong() != 0);
        }
    }

    private static void checkCsrf(McpOAuthRuntime runtime, HttpServletRequest request) {
        if (Origins.isStateChanging(request.getMethod()) && !runtime.origins().allows(request)) {
            throw new ApiError(403, "forbidden", "Cross-origin request refused (Origin or Referer must match)");
        }
    }

    /** The path below the prefix ({@code /servers/x}), or null when the request is outside it. */
    private static String subPath(HttpServletRequest request, String prefix) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        int semicolon = path.indexOf(';');
        if (semicolon >= 0) {
            path = path.substring(0, semicolon);
        }
        if (!path.startsWith(prefix + "/")) {
            return null;
        }
        return path.substring(prefix.length());
    }

    /**
     * Longer than any single remote operation, so the client's own timeouts answer first: a request
     * an elicitation holds waits up to twice the request timeout plus the elicitation timeout.
     */
    private static Duration answerTimeout(McpOAuthRuntime runtime) {
        Duration request = runtime.config().requestTimeout().multipliedBy(2).plus(runtime.config().elicitationTimeout());
        Duration longest = runtime.config().discoveryTimeout().compareTo(request) > 0
                ? runtime.config().discoveryTimeout() : request;
        return longest.plusSeconds(5);
    }
}
