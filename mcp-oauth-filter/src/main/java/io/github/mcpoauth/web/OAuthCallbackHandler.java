package io.github.mcpoauth.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers the browser at the end of an OAuth callback instead of the configured redirects, for
 * example with a page that closes the authorization popup. Insert {@link CallbackOutcome#error()}
 * into HTML as text only: it comes from a remote server.
 */
@FunctionalInterface
public interface OAuthCallbackHandler {

    void handle(CallbackOutcome outcome, HttpServletResponse response) throws IOException;
}
