package io.github.mcpoauth.sample.demo;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's two metadata documents: the MCP server's protected resource metadata (RFC 9728
 * section 3) and the authorization server's metadata (RFC 8414 section 2), both built from the
 * request's own base URL.
 */
final class DemoMetadataServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    enum Document {
        PROTECTED_RESOURCE,
        AUTHORIZATION_SERVER
    }

    private final Document document;

    DemoMetadataServlet(Document document) {
        this.document = document;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        DemoUrls urls = DemoUrls.of(request);
        String json = document == Document.PROTECTED_RESOURCE ? protectedResource(urls) : authorizationServer(urls);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.getWriter().write(json);
    }

    private static String protectedResource(DemoUrls urls) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resource", urls.resource());
        metadata.put("authorization_servers", List.of(urls.issuer()));
        metadata.put("scopes_supported", List.of(DemoAuthorizationServer.SCOPE));
        metadata.put("bearer_methods_supported", List.of("header"));
        metadata.put("resource_name", "mcp-oauth-filter demo MCP server");
        return JSON.writeValueAsString(metadata);
    }

    private static String authorizationServer(DemoUrls urls) {
        AuthorizationServerMetadata metadata = new AuthorizationServerMetadata(new Issuer(urls.issuer()));
        metadata.setAuthorizationEndpointURI(URI.create(urls.authorizationEndpoint()));
        metadata.setTokenEndpointURI(URI.create(urls.tokenEndpoint()));
        metadata.setRegistrationEndpointURI(URI.create(urls.registrationEndpoint()));
        metadata.setResponseTypes(List.of(ResponseType.CODE));
        metadata.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        metadata.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
        metadata.setTokenEndpointAuthMethods(List.of(ClientAuthenticationMethod.NONE));
        metadata.setScopes(new Scope(DemoAuthorizationServer.SCOPE));
        metadata.setSupportsAuthorizationResponseIssuerParam(true);
        return metadata.toJSONObject().toJSONString();
    }
}
