package io.github.mcpoauth.sample.demo;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.util.MultivaluedMapUtils;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.github.mcpoauth.sample.demo.DemoAuthorizationServer.IssuedCode;
import io.github.mcpoauth.sample.demo.DemoAuthorizationServer.PendingConsent;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization endpoint (RFC 6749 section 4.1.1, OAuth 2.1): GET checks the request and shows
 * the consent page; POST takes the user's Approve or Deny and redirects to the client with a code or
 * {@code access_denied}, plus {@code iss} (RFC 9207). An unknown client or redirect URI is answered
 * on this page, never by a redirect (section 4.1.2.1). PKCE S256 is required.
 */
final class DemoAuthorizeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String NONCE_COOKIE = "demo_consent";

    private final transient DemoAuthorizationServer server;

    DemoAuthorizeServlet(DemoAuthorizationServer server) {
        this.server = server;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        DemoUrls urls = DemoUrls.of(request);
        Map<String, List<String>> params = URLUtils.parseParameters(request.getQueryString());
        String clientId = MultivaluedMapUtils.getFirstValue(params, "client_id");
        Optional<DemoClient> client = server.credentials().client(clientId);
        if (client.isEmpty()) {
            ConsentPage.error(response, 400, "Unknown client_id. Register the client first (Dynamic Client Registration).");
            return;
        }
        String redirect = MultivaluedMapUtils.getFirstValue(params, "redirect_uri");
        if (redirect == null || !client.get().redirectUris().contains(URI.create(redirect))) {
            ConsentPage.error(response, 400, "The redirect_uri is not one the client registered.");
            return;
        }
        URI redirectUri = URI.create(redirect);
        State state = State.parse(MultivaluedMapUtils.getFirstValue(params, "state"));
        AuthorizationRequest authorization;
        try {
            authorization = AuthorizationRequest.parse(params);
        } catch (ParseException e) {
            redirectError(response, redirectUri, OAuth2Error.INVALID_REQUEST.setDescription(e.getMessage()), state, urls);
            return;
        }
        ErrorObject problem = check(authorization, urls);
        if (problem != null) {
            redirectError(response, redirectUri, problem, state, urls);
            return;
        }
        String nonce = browserNonce(request, response);
        String scope = authorization.getScope() == null ? DemoAuthorizationServer.SCOPE : authorization.getScope().toString();
        DemoGrant grant = new DemoGrant(DemoAuthorizationServer.SUBJECT, clientId, client.get().name(), urls.resource(), scope);
        String tx = server.randomValue();
        if (!server.consents().put(tx, new PendingConsent(grant, redirectUri, state, authorization.getCodeChallenge(), nonce))) {
            ConsentPage.error(response, 503, "Too many open consent requests; try again in a few minutes.");
            return;
        }
        ConsentPage.render(response, urls.authorizationEndpoint(), tx, grant, redirectUri);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        DemoUrls urls = DemoUrls.of(request);
        Optional<PendingConsent> pending = server.consents().take(request.getParameter("tx"));
        if (pending.isEmpty()) {
            ConsentPage.error(response, 400, "This consent request has expired or was already answered. Start again from the application.");
            return;
        }
        PendingConsent consent = pending.get();
        if (!sameNonce(request, consent.nonce())) {
            ConsentPage.error(response, 403, "This consent was opened in another browser; it was not accepted.");
            return;
        }
        if (!"approve".equals(request.getParameter("decision"))) {
            redirectError(response, consent.redirectUri(),
                    OAuth2Error.ACCESS_DENIED.setDescription("The user denied access to the demo MCP server"), consent.state(), urls);
            return;
        }
        String code = server.randomValue();
        if (!server.codes().put(code, new IssuedCode(consent.grant(), consent.redirectUri(), consent.challenge()))) {
            redirectError(response, consent.redirectUri(), OAuth2Error.TEMPORARILY_UNAVAILABLE, consent.state(), urls);
            return;
        }
        URI target = new AuthorizationSuccessResponse(consent.redirectUri(), new AuthorizationCode(code), null,
                consent.state(), new Issuer(urls.issuer()), ResponseMode.QUERY).toURI();
        seeOther(response, target);
    }

    private static ErrorObject check(AuthorizationRequest authorization, DemoUrls urls) {
        if (!ResponseType.CODE.equals(authorization.getResponseType())) {
            return OAuth2Error.UNSUPPORTED_RESPONSE_TYPE;
        }
        if (authorization.getCodeChallenge() == null
                || !CodeChallengeMethod.S256.equals(authorization.getCodeChallengeMethod())) {
            return OAuth2Error.INVALID_REQUEST.setDescription("PKCE with code_challenge_method S256 is required");
        }
        List<URI> resources = authorization.getResources();
        if (resources != null && !resources.equals(List.of(URI.create(urls.resource())))) {
            return OAuth2Error.INVALID_RESOURCE.setDescription("This server only issues tokens for " + urls.resource());
        }
        if (authorization.getScope() != null && !authorization.getScope().toStringList().stream()
                .allMatch(DemoAuthorizationServer.SCOPE::equals)) {
            return OAuth2Error.INVALID_SCOPE.setDescription("The only scope is " + DemoAuthorizationServer.SCOPE);
        }
        return null;
    }

    private static void redirectError(HttpServletResponse response, URI redirectUri, ErrorObject error, State state,
            DemoUrls urls) throws IOException {
        seeOther(response, new AuthorizationErrorResponse(redirectUri, error, state, new Issuer(urls.issuer()),
                ResponseMode.QUERY).toURI());
    }

    private static void seeOther(HttpServletResponse response, URI target) {
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(303);
        response.setHeader("Location", target.toString());
    }

    /** The browser's consent nonce (HttpOnly, SameSite=Lax): a POST from another site cannot carry it. */
    private String browserNonce(HttpServletRequest request, HttpServletResponse response) {
        String existing = cookie(request);
        if (existing != null && existing.length() == 43) {
            return existing;
        }
        String nonce = server.randomValue();
        Cookie cookie = new Cookie(NONCE_COOKIE, nonce);
        cookie.setPath(request.getContextPath() + DemoUrls.AS_PATH);
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure());
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
        return nonce;
    }

    private static boolean sameNonce(HttpServletRequest request, String expected) {
        String actual = cookie(request);
        return actual != null && MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII),
                expected.getBytes(StandardCharsets.US_ASCII));
    }

    private static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (c.getName().equals(NONCE_COOKIE)) {
                return c.getValue();
            }
        }
        return null;
    }
}
