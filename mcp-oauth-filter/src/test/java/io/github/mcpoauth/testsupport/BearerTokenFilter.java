package io.github.mcpoauth.testsupport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Lets a request reach the MCP transport only with {@code Authorization: Bearer <token>} that the
 * authorization server vouches for (issued, not revoked, not expired), bound to this resource when
 * bound at all, and carrying the required scopes. Otherwise: 401 with a {@code WWW-Authenticate}
 * challenge naming the resource metadata (and the required scope), or 403 {@code insufficient_scope}.
 * A token the AS bound to a DPoP key is accepted only as {@code Authorization: DPoP} with a valid
 * proof of that key for this request (RFC 9449 section 7), and the nonce when nonces are required;
 * when the AS offers DPoP the challenges use the {@code DPoP} scheme, unless the server is to signal
 * DPoP otherwise or not at all ({@link TestMcpServer.DpopSupport}). A Bearer-only server refuses
 * the {@code DPoP} scheme, as a server that knows only {@code Bearer} would.
 */
final class BearerTokenFilter implements Filter {

    private final TestAuthorizationServer authorizationServer;
    private final String resource;
    private final String resourceMetadataUrl;
    private final Supplier<Set<String>> requiredScopes;
    private final TestMcpServer.DpopSupport dpopSupport;

    /** @param resourceMetadataUrl the URL put in challenges, {@code null} to leave it out */
    BearerTokenFilter(TestAuthorizationServer authorizationServer, String resource, String resourceMetadataUrl,
            Supplier<Set<String>> requiredScopes, TestMcpServer.DpopSupport dpopSupport) {
        this.authorizationServer = authorizationServer;
        this.resource = resource;
        this.resourceMetadataUrl = resourceMetadataUrl;
        this.requiredScopes = requiredScopes;
        this.dpopSupport = dpopSupport;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletResponse http = (HttpServletResponse) response;
        Set<String> required = requiredScopes.get();
        HttpServletRequest httpRequest = (HttpServletRequest) request;
        String header = httpRequest.getHeader("Authorization");
        boolean dpopScheme = header != null && header.regionMatches(true, 0, "DPoP ", 0, 5);
        if (header == null || !(dpopScheme || header.regionMatches(true, 0, "Bearer ", 0, 7))) {
            reject(http, 401, required, null, null);
            return;
        }
        if (dpopScheme && dpopSupport == TestMcpServer.DpopSupport.BEARER_ONLY) {
            reject(http, 401, required, "invalid_token", "Only the Bearer scheme is supported");
            return;
        }
        String value = header.substring(header.indexOf(' ') + 1).trim();
        Optional<IssuedToken> token = authorizationServer.verify(value);
        if (token.isPresent() && (token.get().jkt() != null || dpopScheme)) {
            if (token.get().jkt() == null || !dpopScheme) {
                reject(http, 401, required, "invalid_token", "A DPoP-bound token must be presented with the DPoP scheme",
                        dpopScheme);
                return;
            }
            try {
                authorizationServer.dpop().checkResourceRequest(java.util.Collections.list(httpRequest.getHeaders("DPoP")),
                        httpRequest.getMethod(), httpRequest.getRequestURL().toString(), value, token.get().jkt());
            } catch (OAuthErrorException e) {
                if (e.error().equals("use_dpop_nonce")) {
                    http.setHeader("DPoP-Nonce", authorizationServer.dpop().rsNonce());
                }
                reject(http, 401, required, e.error(), e.description(), true);
                return;
            }
        }
        if (token.isEmpty()) {
            reject(http, 401, required, "invalid_token", "The access token is unknown, revoked or expired");
        } else if (token.get().resource() != null && !token.get().resource().equals(resource)) {
            reject(http, 401, required, "invalid_token", "The access token is for another resource");
        } else if (!token.get().hasScopes(required)) {
            reject(http, 403, required, "insufficient_scope", "The access token lacks a required scope");
        } else {
            chain.doFilter(request, response);
        }
    }

    private void reject(HttpServletResponse response, int status, Set<String> required, String error,
            String description) throws IOException {
        reject(response, status, required, error, description, false);
    }

    /** @param dpopRequest answers a request that used the DPoP scheme: its errors use that scheme (RFC 9449 section 7.1) */
    private void reject(HttpServletResponse response, int status, Set<String> required, String error,
            String description, boolean dpopRequest) throws IOException {
        List<String> params = new ArrayList<>();
        if (error != null) {
            params.add(param("error", error));
            params.add(param("error_description", description));
        }
        if (resourceMetadataUrl != null) {
            params.add(param("resource_metadata", resourceMetadataUrl));
        }
        if (!required.isEmpty()) {
            params.add(param("scope", String.join(" ", required)));
        }
        boolean dpopChallenge = authorizationServer.dpop() != null && (dpopSupport == TestMcpServer.DpopSupport.CHALLENGE
                || dpopSupport == TestMcpServer.DpopSupport.METADATA && dpopRequest);
        String scheme = dpopChallenge ? "DPoP" : "Bearer";
        if (dpopChallenge) {
            params.add("algs=\"ES256 RS256\"");
        }
        response.setHeader("WWW-Authenticate", params.isEmpty() ? scheme : scheme + " " + String.join(", ", params));
        Json.send(response, status, Map.of("error", error != null ? error : "unauthorized"));
    }

    private static String param(String name, String value) {
        return name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
