package io.github.mcpoauth.web;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.client.AddServerResult;
import io.github.mcpoauth.internal.oauth.ErrorText;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth redirect URI (RFC 6749 section 3.1.2, authorization code response section 4.1.2). The
 * owner comes from the browser's own session or principal, so a callback completes only the flow
 * that owner started; the core refuses anything else without touching the live flow. Answers with
 * the configured redirect (error message URL-encoded in {@code error}), the custom handler, or
 * else the built-in {@link DonePage}.
 *
 * <p>The callback never creates an HTTP session: one started here would set a cookie replacing the
 * app's own when the browser withheld it. A callback that arrives without an owner (a cross-site
 * navigation drops {@code SameSite=Strict} cookies) is retried once same-site by a
 * {@link CallbackBounce}; still without one, it is refused and the flow stays pending.
 */
public final class CallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(CallbackServlet.class);
    static final String NOT_SIGNED_IN = "You are not signed in to this application in this browser, so the"
            + " authorization could not be matched to you. Sign in and authorize again.";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        McpOAuthRuntime runtime = (McpOAuthRuntime) getServletContext().getAttribute(McpOAuthRuntime.ATTRIBUTE);
        if (runtime == null) {
            response.sendError(404);
            return;
        }
        CompletableFuture<CallbackOutcome> outcome;
        try {
            String owner = runtime.existingOwner(request);
            if (owner == null) {
                bounceOrRefuse(runtime, request, response);
                return;
            }
            // the flow goes on after we answer; the browser learns the rest over the WebSocket
            outcome = runtime.service().deadlines().fallbackAfter(
                    runtime.service().completeAuthorization(owner, CallbackBounce.params(request))
                            .thenApply(CallbackServlet::succeeded),
                    new CallbackOutcome(null, "connecting", null), runtime.config().discoveryTimeout());
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        AsyncReply.reply(request, outcome, runtime.config().discoveryTimeout().plusSeconds(5),
                (result, error) -> answer(runtime, request, response, result != null ? result : failed(error)));
    }

    /**
     * No owner: the first time, the same-site bounce; after it, refused, the state left pending for
     * its real owner.
     */
    private static void bounceOrRefuse(McpOAuthRuntime runtime, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        if (!CallbackBounce.isBounced(request)) {
            CallbackBounce.send(request, response);
            return;
        }
        Cookie[] cookies = request.getCookies();
        log.warn("OAuth callback at {} refused: no signed-in owner even after a same-site reload ({} cookies sent);"
                + " the authorization stays pending. The user is signed out, or the app's session cookie does not"
                + " reach this path.", request.getRequestURI(), cookies == null ? 0 : cookies.length);
        answer(runtime, request, response, new CallbackOutcome(null, null, NOT_SIGNED_IN));
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
        String success = settings.successRedirect() == null ? null
                : RedirectTargets.resolve(settings.successRedirect(), request.getContextPath());
        String error = settings.errorRedirect() == null ? success
                : RedirectTargets.resolve(settings.errorRedirect(), request.getContextPath());
        String target = outcome.success() ? success : error;
        if (target == null) {
            response.sendRedirect(DonePage.location(request, runtime.config().path(), outcome));
        } else {
            response.sendRedirect(outcome.success() ? target : RedirectTargets.withError(target, outcome.error()));
        }
    }
}
