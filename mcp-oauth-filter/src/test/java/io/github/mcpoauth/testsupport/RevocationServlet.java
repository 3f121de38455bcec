package io.github.mcpoauth.testsupport;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The RFC 7009 revocation endpoint: records each request first, authenticates the client as the
 * token endpoint does, then forgets the token (access or refresh) and answers 200. Tests can hold
 * requests until released, or have them answered with a 503 whose body must never be shown.
 */
final class RevocationServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** A body no client may log or show: the tests look for it. */
    static final String FAILURE_BODY = "revocation-backend-down-upstream-detail";

    private final transient ClientAuthenticator authenticator;
    private final transient TokenRegistry tokens;
    private final transient AuthorizationServerRecorder recorder;
    private final transient Hold hold;
    private final transient AtomicBoolean failing;

    RevocationServlet(ClientAuthenticator authenticator, TokenRegistry tokens, AuthorizationServerRecorder recorder,
            Hold hold, AtomicBoolean failing) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.recorder = recorder;
        this.hold = hold;
        this.failing = failing;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> form = QueryStrings.firstValues(request);
        String authorization = request.getHeader("Authorization");
        try {
            hold.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recorder.revocation(new RecordedTokenRequest(form, authorization));
        if (failing.get()) {
            response.setStatus(503);
            response.setContentType("text/plain;charset=utf-8");
            response.getOutputStream().write(FAILURE_BODY.getBytes(StandardCharsets.UTF_8));
            return;
        }
        try {
            KnownClient client = authenticator.authenticate(authorization, form);
            tokens.revoke(client.clientId(), form.get("token"));
            response.setStatus(200);
        } catch (OAuthErrorException e) {
            e.writeTo(response);
        }
    }
}
