package io.github.mcpoauth.sample.demo;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.JakartaServletUtils;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import io.github.mcpoauth.sample.demo.DemoAuthorizationServer.IssuedCode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The token endpoint (RFC 6749 section 3.2) for public clients: the authorization code grant with
 * PKCE (RFC 7636 section 4.6) and the refresh token grant (section 6), each checking the client,
 * and the {@code resource} (RFC 8707) against what was granted.
 */
final class DemoTokenServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient DemoAuthorizationServer server;

    DemoTokenServlet(DemoAuthorizationServer server) {
        this.server = server;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        TokenRequest token;
        try {
            token = TokenRequest.parse(JakartaServletUtils.createHTTPRequest(request, OAuthResponses.MAX_BODY));
        } catch (ParseException e) {
            OAuthResponses.tokenError(e.getErrorObject() != null ? e.getErrorObject()
                    : OAuth2Error.INVALID_REQUEST.setDescription(e.getMessage()), response);
            return;
        }
        if (token.getClientAuthentication() != null || token.getClientID() == null) {
            OAuthResponses.tokenError(OAuth2Error.INVALID_CLIENT.setDescription(
                    "The demo only knows public clients (token_endpoint_auth_method none) and needs client_id"), response);
            return;
        }
        String clientId = token.getClientID().getValue();
        AuthorizationGrant grant = token.getAuthorizationGrant();
        Optional<DemoGrant> granted;
        if (grant instanceof AuthorizationCodeGrant code) {
            granted = redeem(code, clientId);
        } else if (grant instanceof RefreshTokenGrant refresh) {
            granted = server.credentials().verifyRefreshToken(refresh.getRefreshToken().getValue())
                    .filter(g -> g.clientId().equals(clientId));
        } else {
            OAuthResponses.tokenError(OAuth2Error.UNSUPPORTED_GRANT_TYPE, response);
            return;
        }
        if (granted.isEmpty()) {
            OAuthResponses.tokenError(OAuth2Error.INVALID_GRANT.setDescription(
                    "The code or refresh token is invalid, expired, used, or was issued to another client"), response);
            return;
        }
        List<URI> resources = token.getResources();
        if (resources != null && !resources.equals(List.of(URI.create(granted.get().resource())))) {
            OAuthResponses.tokenError(OAuth2Error.INVALID_RESOURCE.setDescription(
                    "The token was granted for " + granted.get().resource()), response);
            return;
        }
        issue(granted.get(), DemoUrls.of(request).issuer(), response);
    }

    private Optional<DemoGrant> redeem(AuthorizationCodeGrant grant, String clientId) {
        Optional<IssuedCode> issued = server.codes().take(grant.getAuthorizationCode().getValue());
        return issued.filter(code -> code.grant().clientId().equals(clientId)
                && code.redirectUri().equals(grant.getRedirectionURI())
                && grant.getCodeVerifier() != null
                && CodeChallenge.compute(CodeChallengeMethod.S256, grant.getCodeVerifier()).equals(code.challenge()))
                .map(IssuedCode::grant);
    }

    private void issue(DemoGrant grant, String issuer, HttpServletResponse response) throws IOException {
        DemoCredentials credentials = server.credentials();
        BearerAccessToken access = new BearerAccessToken(credentials.accessToken(grant, issuer),
                DemoCredentials.ACCESS_TOKEN_TTL.toSeconds(), Scope.parse(grant.scope()));
        RefreshToken refresh = new RefreshToken(credentials.refreshToken(grant, issuer));
        OAuthResponses.write(new AccessTokenResponse(new Tokens(access, refresh)).toHTTPResponse(), response);
    }
}
