package io.github.mcpoauth.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The token endpoint: {@code authorization_code} (single-use code, same redirect_uri, PKCE S256)
 * and {@code refresh_token} (rotating) grants, after client authentication, the JWT bearer grant
 * with an ID-JAG when the server trusts an identity provider ({@link IdJagGrants}), and the grants
 * without a user of {@link NoUserGrants}. Every request is
 * recorded first; an injected {@link TestAuthorizationServer.Failure} then answers it instead.
 * With DPoP on, a request with a valid proof gets tokens bound to its key ({@code token_type=DPoP})
 * and a refresh must prove the key its refresh token is bound to (RFC 9449 section 5).
 */
final class TokenServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ClientAuthenticator authenticator;
    private final transient TokenRegistry tokens;
    private final transient AuthorizationServerRecorder recorder;
    private final transient AtomicReference<TestAuthorizationServer.Failure> nextFailure;
    private final transient IdJagGrants idJags;
    private final transient DpopChecker dpop;
    private final String tokenEndpoint;
    private final transient NoUserGrants noUser;

    TokenServlet(ClientAuthenticator authenticator, TokenRegistry tokens, AuthorizationServerRecorder recorder,
            AtomicReference<TestAuthorizationServer.Failure> nextFailure, IdJagGrants idJags, DpopChecker dpop,
            String tokenEndpoint, NoUserGrants noUser) {
        this.idJags = idJags;
        this.dpop = dpop;
        this.tokenEndpoint = tokenEndpoint;
        this.noUser = noUser;
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.recorder = recorder;
        this.nextFailure = nextFailure;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> form = QueryStrings.firstValues(request);
        String authorization = request.getHeader("Authorization");
        recorder.tokenRequest(new RecordedTokenRequest(form, authorization));
        TestAuthorizationServer.Failure failure = nextFailure.getAndSet(null);
        if (failure != null) {
            fail(response, failure);
            return;
        }
        try {
            String contentType = Objects.requireNonNullElse(request.getContentType(), "");
            if (!contentType.startsWith("application/x-www-form-urlencoded")) {
                throw new OAuthErrorException(400, "invalid_request", "the body must be form-urlencoded");
            }
            String jkt = proofKey(request, response);
            TokenGrant grant = switch (form.getOrDefault("grant_type", "")) {
                case "authorization_code" -> exchangeCode(authenticator.authenticate(authorization, form), form, jkt);
                case "refresh_token" -> refresh(authenticator.authenticate(authorization, form), form, jkt);
                case "client_credentials" -> noUser.clientCredentials(authorization, form);
                case NoUserGrants.JWT_BEARER -> idJags != null && IdJagGrants.isIdJag(form.get("assertion"))
                        ? idJags.grant(authenticator.authenticate(authorization, form), form, tokens)
                        : noUser.jwtBearer(authorization, form);
                default -> throw new OAuthErrorException(400, "unsupported_grant_type",
                        "grant_type must be authorization_code, refresh_token, client_credentials or jwt-bearer");
            };
            Json.send(response, 200, answer(grant));
        } catch (OAuthErrorException e) {
            e.writeTo(response);
        }
    }

    /** The thumbprint of a valid DPoP proof's key; null without DPoP or without a proof. */
    private String proofKey(HttpServletRequest request, HttpServletResponse response) throws OAuthErrorException {
        if (dpop == null) {
            return null;
        }
        try {
            DpopProof proof = dpop.checkTokenRequest(java.util.Collections.list(request.getHeaders("DPoP")),
                    tokenEndpoint);
            return proof == null ? null : proof.jkt();
        } catch (OAuthErrorException e) {
            if (e.error().equals("use_dpop_nonce")) {
                response.setHeader("DPoP-Nonce", dpop.asNonce());
            }
            throw e;
        }
    }

    private TokenGrant exchangeCode(KnownClient client, Map<String, String> form, String jkt) throws OAuthErrorException {
        AuthorizationCode code = tokens.consumeCode(form.get("code"))
                .orElseThrow(() -> invalidGrant("unknown, used or expired code"));
        if (!code.clientId().equals(client.clientId())) {
            throw invalidGrant("the code was issued to another client");
        }
        if (!code.redirectUri().equals(form.get("redirect_uri"))) {
            throw invalidGrant("redirect_uri differs from the authorization request");
        }
        String verifier = form.get("code_verifier");
        if (verifier == null || !Pkce.challengeOf(verifier).equals(code.codeChallenge())) {
            throw invalidGrant("code_verifier does not match the code_challenge");
        }
        String resource = form.getOrDefault("resource", code.resource());
        return tokens.issue(client.clientId(), code.scopes(), resource, jkt);
    }

    private TokenGrant refresh(KnownClient client, Map<String, String> form, String jkt) throws OAuthErrorException {
        RefreshGrant grant = tokens.consumeRefreshToken(form.get("refresh_token"))
                .orElseThrow(() -> invalidGrant("unknown, rotated or revoked refresh token"));
        if (!grant.clientId().equals(client.clientId())) {
            throw invalidGrant("the refresh token was issued to another client");
        }
        if (grant.jkt() != null && !grant.jkt().equals(jkt)) {
            throw invalidGrant("the refresh token is bound to another DPoP key");
        }
        Set<String> scopes = grant.scopes();
        if (form.get("scope") != null) {
            scopes = AuthorizeServlet.scopes(form.get("scope"));
            if (!grant.scopes().containsAll(scopes)) {
                throw new OAuthErrorException(400, "invalid_scope", "a refresh cannot widen the scope");
            }
        }
        return tokens.reissue(grant, scopes, form.getOrDefault("resource", grant.resource()));
    }

    private Map<String, Object> answer(TokenGrant grant) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", grant.accessToken().accessToken());
        body.put("token_type", grant.accessToken().jkt() != null ? "DPoP" : "Bearer");
        body.put("expires_in", tokens.accessTokenLifetimeSeconds());
        if (grant.refreshToken() != null) {
            body.put("refresh_token", grant.refreshToken());
        }
        if (!grant.accessToken().scopes().isEmpty()) {
            body.put("scope", String.join(" ", grant.accessToken().scopes()));
        }
        return body;
    }

    private static void fail(HttpServletResponse response, TestAuthorizationServer.Failure failure)
            throws IOException {
        switch (failure) {
            case HTML_200 -> {
                byte[] page = "<!doctype html><html><body><h1>Please sign in</h1></body></html>"
                        .getBytes(StandardCharsets.UTF_8);
                response.setStatus(200);
                response.setContentType("text/html;charset=utf-8");
                response.getOutputStream().write(page);
            }
            case SERVER_ERROR_500 -> {
                response.setStatus(500);
                response.setContentType("text/plain;charset=utf-8");
                response.getOutputStream().write("Internal Server Error".getBytes(StandardCharsets.UTF_8));
            }
            case MISSING_ACCESS_TOKEN -> Json.send(response, 200, Map.of("token_type", "Bearer", "expires_in", 3600));
            case INVALID_GRANT -> Json.send(response, 400, Map.of("error", "invalid_grant"));
        }
    }

    private static OAuthErrorException invalidGrant(String description) {
        return new OAuthErrorException(400, "invalid_grant", description);
    }
}
