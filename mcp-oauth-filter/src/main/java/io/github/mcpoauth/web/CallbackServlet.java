package io.github.mcpoauth.web;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.client.AddServerResult;
import io.github.mcpoauth.oauth.ErrorText;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth redirect URI (RFC 6749 section 3.1.2, authorization code response section 4.1.2). The
 * owner comes from the browser's own session or principal, so a callback completes only the flow
 * that owner started; the core refuses anything else without touching the live flow. Answers with
 * the configured redirect (error message URL-encoded in {@code error}) or the custom handler.
 */
public final class CallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(CallbackServlet.class);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        McpOAuthRuntime runtime = (McpOAuthRuntime) getServletContext().getAttribute(McpOAuthRuntime.ATTRIBUTE);
        if (runtime == null) {
            response.sendError(404);
            return;
        }
        CompletableFuture<CallbackOutcome> outcome;
        try {
            String owner = runtime.owner(request);
            // the flow goes on after we answer; the browser learns the rest over the WebSocket
            outcome = runtime.service().deadlines().fallbackAfter(
                    runtime.service().completeAuthorization(owner, queryOf(request)).thenApply(CallbackServlet::succeeded),
                    new CallbackOutcome(null, "connecting", null), runtime.config().discoveryTimeout());
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        AsyncReply.reply(request, outcome, runtime.config().discoveryTimeout().plusSeconds(5),
                (result, error) -> answer(runtime, request, response, result != null ? result : failed(error)));
    }

    private static CallbackOutcome succeeded(AddServerResult result) {
        return new CallbackOutcome(result.id(), result.state().wireName(), null);
    }

    private static CallbackOutcome failed(Throwable error) {
        ApiError e = ApiError.from(error);
        if (!(unwrap(error) instanceof McpOAuthException)) {
            log.debug("OAuth callback failed: {}", e.getMessage());
        }
        String message = ErrorText.sanitize(e.getMessage());
        return new CallbackOutcome(null, null, message == null || message.isBlank() ? "Authorization failed" : message);
    }

    private static Throwable unwrap(Throwable t) {
        while (t != null && t.getCause() != null && !(t instanceof McpOAuthException)) {
            t = t.getCause();
        }
        return t;
    }

    private static void answer(McpOAuthRuntime runtime, HttpServletRequest request, HttpServletResponse response,
            CallbackOutcome outcome) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        McpOAuthRuntime.CallbackSettings settings = runtime.callback();
        if (settings.handler() != null) {
            settings.handler().handle(outcome, response);
            return;
        }
        String success = RedirectTargets.resolve(settings.successRedirect(), request.getContextPath());
        if (outcome.success()) {
            response.sendRedirect(success);
            return;
        }
        String error = settings.errorRedirect() == null ? success
                : RedirectTargets.resolve(settings.errorRedirect(), request.getContextPath());
        response.sendRedirect(RedirectTargets.withError(error, outcome.error()));
    }

    private static Map<String, String> queryOf(HttpServletRequest request) {
        Map<String, String> params = new HashMap<>();
        request.getParameterMap().forEach((k, v) -> {
            if (v.length > 0) {
                params.put(k, v[0]);
            }
        });
        return params;
    }
}
