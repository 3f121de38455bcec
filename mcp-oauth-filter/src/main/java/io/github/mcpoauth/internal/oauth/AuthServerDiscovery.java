package io.github.mcpoauth.internal.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import net.minidev.json.JSONObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds an authorization server's metadata (RFC 8414 section 3, OpenID Connect Discovery 1.0 section
 * 4, in the order the MCP specification gives) and checks its {@code issuer} (RFC 8414 section
 * 3.3). In legacy mode (a 2025-03-26 server without protected resource metadata) the server's
 * origin is the issuer and, with no metadata at all, {@code /authorize}, {@code /token} and
 * {@code /register} are assumed.
 */
final class AuthServerDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(AuthServerDiscovery.class);

    private final OAuthHttp http;

    AuthServerDiscovery(OAuthHttp http) {
        this.http = http;
    }

    /** @param legacy true when {@code issuer} is only the server's origin, not a declared issuer */
    CompletableFuture<AuthServer> discover(URI issuer, boolean legacy) {
        return first(WellKnownUrls.authorizationServerCandidates(issuer).iterator()).thenApply(found -> {
            if (found.isPresent()) {
                return parse(issuer, found.get(), legacy);
            }
            if (!legacy) {
                throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize(
                        "No authorization server metadata found for issuer " + issuer));
            }
            String origin = WellKnownUrls.origin(issuer);
            LOG.debug("No authorization server metadata at {}; assuming the default endpoints", origin);
            return new AuthServer(origin, URI.create(origin + "/authorize"), URI.create(origin + "/token"),
                    URI.create(origin + "/register"), List.of(), false, false);
        });
    }

    private CompletableFuture<Optional<Found>> first(Iterator<URI> candidates) {
        if (!candidates.hasNext()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        URI url = candidates.next();
        return http.getJsonObject(url).thenCompose(json -> json.isPresent()
                ? CompletableFuture.completedFuture(Optional.of(new Found(url, json.get())))
                : first(candidates));
    }

    private static AuthServer parse(URI issuer, Found found, boolean legacy) {
        AuthorizationServerMetadata metadata;
        try {
            metadata = AuthorizationServerMetadata.parse(found.json());
        } catch (ParseException | RuntimeException e) {
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize(
                    "Invalid authorization server metadata at " + found.url() + ": " + e.getMessage()));
        }
        String declared = metadata.getIssuer().getValue();
        if (!issuerMatches(issuer, declared, legacy)) {
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("The authorization server metadata at "
                    + found.url() + " declares issuer " + declared + " instead of " + issuer));
        }
        URI registration = metadata.getRegistrationEndpointURI();
        if (!isHttp(metadata.getAuthorizationEndpointURI()) || !isHttp(metadata.getTokenEndpointURI())
                || (registration != null && !isHttp(registration))) {
            // the authorization URL ends up in a browser: never let metadata smuggle in javascript: or data:
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("The authorization server metadata at "
                    + found.url() + " lacks an http(s) authorization_endpoint or token_endpoint"));
        }
        List<CodeChallengeMethod> pkce = metadata.getCodeChallengeMethods();
        if (pkce != null && !pkce.contains(CodeChallengeMethod.S256)) {
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize(
                    "The authorization server " + declared + " does not support PKCE with S256"));
        }
        List<String> methods = metadata.getTokenEndpointAuthMethods() == null ? List.of()
                : metadata.getTokenEndpointAuthMethods().stream().map(ClientAuthenticationMethod::getValue).toList();
        return new AuthServer(declared, metadata.getAuthorizationEndpointURI(), metadata.getTokenEndpointURI(),
                registration, methods,
                Boolean.TRUE.equals(metadata.getCustomParameter("client_id_metadata_document_supported")), true,
                metadata.supportsAuthorizationResponseIssuerParam(),
                isHttp(metadata.getRevocationEndpointURI()) ? metadata.getRevocationEndpointURI() : null,
                metadata.getScopes() == null ? List.of() : metadata.getScopes().toStringList(),
                metadata.getDPoPJWSAlgs() == null ? List.of()
                        : metadata.getDPoPJWSAlgs().stream().map(JWSAlgorithm::getName).toList());
    }

    private static boolean isHttp(URI endpoint) {
        return endpoint != null && WellKnownUrls.isHttp(endpoint) && endpoint.getRawFragment() == null;
    }

    /**
     * RFC 8414 section 3.3 wants the exact issuer; one trailing slash is forgiven. A legacy server's
     * issuer is only inferred from its origin and the document came from that origin's well-known
     * URL, so there any issuer on the same origin is accepted (2025-03-26 servers often declare a
     * path, such as {@code /oauth}); another origin is still refused.
     */
    static boolean issuerMatches(URI used, String declared, boolean legacy) {
        if (WellKnownUrls.stripTrailingSlash(declared).equals(WellKnownUrls.stripTrailingSlash(used.toString()))) {
            return true;
        }
        if (!legacy) {
            return false;
        }
        try {
            URI declaredUri = URI.create(declared);
            return WellKnownUrls.isHttp(declaredUri) && declaredUri.getRawQuery() == null
                    && WellKnownUrls.origin(declaredUri).equals(WellKnownUrls.origin(used));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private record Found(URI url, JSONObject json) {
    }
}
