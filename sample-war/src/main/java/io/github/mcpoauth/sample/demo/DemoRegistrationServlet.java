package io.github.mcpoauth.sample.demo;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.RegistrationError;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.http.JakartaServletUtils;
import com.nimbusds.oauth2.sdk.id.ClientID;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Dynamic Client Registration (RFC 7591 section 3). Registers public clients only
 * ({@code token_endpoint_auth_method=none}); the client id is a signed record of the registration,
 * so the demo stores nothing. Redirect URIs must be absolute http(s) URIs without a fragment.
 */
final class DemoRegistrationServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_REDIRECT_URIS = 10;
    private static final int MAX_NAME = 200;

    private final transient DemoAuthorizationServer server;

    DemoRegistrationServlet(DemoAuthorizationServer server) {
        this.server = server;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ClientMetadata metadata;
        try {
            metadata = ClientRegistrationRequest.parse(JakartaServletUtils.createHTTPRequest(request, OAuthResponses.MAX_BODY))
                    .getClientMetadata();
        } catch (ParseException e) {
            fail(response, RegistrationError.INVALID_CLIENT_METADATA.setDescription(e.getMessage()));
            return;
        }
        Set<URI> redirects = metadata.getRedirectionURIs();
        if (redirects == null || redirects.isEmpty() || redirects.size() > MAX_REDIRECT_URIS
                || !redirects.stream().allMatch(DemoRegistrationServlet::acceptable)) {
            fail(response, RegistrationError.INVALID_REDIRECT_URI.setDescription(
                    "Give 1 to " + MAX_REDIRECT_URIS + " absolute http(s) redirect_uris without a fragment"));
            return;
        }
        String name = metadata.getName() == null ? "Unnamed client" : metadata.getName();
        if (name.length() > MAX_NAME) {
            fail(response, RegistrationError.INVALID_CLIENT_METADATA.setDescription("client_name is too long"));
            return;
        }
        metadata.setName(name);
        metadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.NONE);
        metadata.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        metadata.setResponseTypes(Set.of(ResponseType.CODE));
        metadata.setScope(null);
        String clientId = server.credentials().clientId(new DemoClient(name, List.copyOf(redirects)));
        ClientInformation info = new ClientInformation(new ClientID(clientId), new Date(), metadata, null);
        OAuthResponses.write(new ClientInformationResponse(info, true).toHTTPResponse(), response);
    }

    private static boolean acceptable(URI uri) {
        String scheme = uri.getScheme();
        return uri.isAbsolute() && uri.getRawFragment() == null && uri.getHost() != null
                && ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme));
    }

    private static void fail(HttpServletResponse response, ErrorObject error) throws IOException {
        OAuthResponses.write(new ClientRegistrationErrorResponse(error).toHTTPResponse(), response);
    }
}
