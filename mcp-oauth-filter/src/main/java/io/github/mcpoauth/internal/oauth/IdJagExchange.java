package io.github.mcpoauth.internal.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.TypelessToken;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.config.EnterpriseIdp;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The token exchange at the enterprise identity provider (RFC 8693 section 2.1, as the Identity
 * Assertion JWT Authorization Grant profiles it): the user's ID token as subject token, an ID-JAG
 * requested for the MCP authorization server ({@code audience}, its issuer) and the MCP server
 * ({@code resource}), this app authenticated as the provider's client. The answer must say it
 * issued an ID-JAG ({@code issued_token_type}); a refusal names the provider's error code and
 * description, never its body.
 */
final class IdJagExchange {

    static final String ID_JAG = "urn:ietf:params:oauth:token-type:id-jag";
    private static final TokenTypeURI ID_JAG_TYPE = typeUri(ID_JAG);

    private final OAuthHttp http;

    IdJagExchange(OAuthHttp http) {
        this.http = http;
    }

    /** The ID-JAG, or a failure whose message says why the provider gave none. */
    CompletableFuture<String> exchange(URI tokenEndpoint, EnterpriseIdp idp, String idToken, String audience,
            String resource, String scope) {
        TokenExchangeGrant grant = new TokenExchangeGrant(new TypelessToken(idToken), TokenTypeURI.ID_TOKEN, null, null,
                ID_JAG_TYPE, new Audience(audience).toSingleAudienceList());
        ClientID client = new ClientID(idp.clientId());
        TokenRequest.Builder request = idp.clientSecret().isPresent()
                ? new TokenRequest.Builder(tokenEndpoint, new ClientSecretBasic(client, new Secret(idp.clientSecret().get())), grant)
                : new TokenRequest.Builder(tokenEndpoint, client, grant);
        request.resource(URI.create(resource));
        if (scope != null && !scope.isBlank()) {
            request.scope(Scope.parse(scope));
        }
        return http.send(request.build().toHTTPRequest()).thenApply(response -> idJag(tokenEndpoint, response));
    }

    private static String idJag(URI tokenEndpoint, HTTPResponse response) {
        String host = tokenEndpoint.getHost();
        TokenResponse parsed;
        try {
            parsed = TokenResponse.parse(response);
        } catch (ParseException | RuntimeException e) {
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("the identity provider at " + host
                    + " returned an unusable answer (HTTP " + response.getStatusCode() + ")"));
        }
        if (!parsed.indicatesSuccess()) {
            ErrorObject error = parsed.toErrorResponse().getErrorObject();
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("the identity provider at " + host
                    + " refused the token exchange: " + OAuthErrors.describe(error, response.getStatusCode())));
        }
        AccessToken issued = ((AccessTokenResponse) parsed).getTokens().getAccessToken();
        if (!ID_JAG_TYPE.equals(issued.getIssuedTokenType())) {
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("the identity provider at " + host
                    + " issued no ID-JAG (issued_token_type " + issued.getIssuedTokenType() + ")"));
        }
        return issued.getValue();
    }

    private static TokenTypeURI typeUri(String uri) {
        try {
            return TokenTypeURI.parse(uri);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
