package io.github.mcpoauth.sample;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.dpop.verifiers.AccessTokenValidationException;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPIssuer;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPProtectedResourceRequestVerifier;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InvalidDPoPProofException;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What an MCP resource server does with Keycloak's access tokens (MCP authorization, "Token
 * Handling"): a JWT whose RS256 signature verifies against the realm's JWKS, whose {@code iss} is the
 * realm named in the resource metadata, whose {@code aud} names this resource and which has not expired. Anything else is answered
 * 401 with {@code WWW-Authenticate: Bearer resource_metadata=...} (RFC 9728 section 5.1), with
 * {@code error="invalid_token"} and the reason as {@code error_description} when a token was sent.
 * Accepted tokens' claims are kept, so a test can tell which tokens (and how many) reached the server.
 * A token Keycloak bound to a DPoP key ({@code cnf.jkt}, RFC 9449 section 6.1) is accepted only as
 * {@code Authorization: DPoP} with a proof of that key for this request (section 7, checked by
 * Nimbus's resource-side verifier: signature, {@code htm}, {@code htu}, {@code iat}, {@code ath}); the challenge then names both schemes.
 */
final class JwtBearerFilter implements Filter {

    private final Map<String, JWKSource<SecurityContext>> keys = new ConcurrentHashMap<>();
    private final Supplier<String> issuer;
    private final Supplier<String> audience;
    private final String resourceMetadataUrl;
    private final List<JWTClaimsSet> accepted = new CopyOnWriteArrayList<>();
    private final DPoPProtectedResourceRequestVerifier dpop = new DPoPProtectedResourceRequestVerifier(
            Set.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256, JWSAlgorithm.RS256), 60, 60, null);

    /**
     * @param issuer the realm whose tokens are accepted (its keys are at {@code <issuer>/protocol/openid-connect/certs})
     * @param audience the {@code aud} a token must carry
     * (both read per request, so a test can change them)
     */
    JwtBearerFilter(Supplier<String> issuer, Supplier<String> audience, String resourceMetadataUrl) {
        this.issuer = issuer;
        this.audience = audience;
        this.resourceMetadataUrl = resourceMetadataUrl;
    }

    /** Claims of every token let through, in arrival order. */
    List<JWTClaimsSet> accepted() {
        return List.copyOf(accepted);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletResponse http = (HttpServletResponse) response;
        HttpServletRequest httpRequest = (HttpServletRequest) request;
        String header = httpRequest.getHeader("Authorization");
        boolean dpopScheme = header != null && header.regionMatches(true, 0, "DPoP ", 0, 5);
        if (header == null || !(dpopScheme || header.regionMatches(true, 0, "Bearer ", 0, 7))) {
            reject(http, null);
            return;
        }
        String token = header.substring(header.indexOf(' ') + 1).trim();
        try {
            JWTClaimsSet claims = processor().process(token, null);
            JWKThumbprintConfirmation cnf = JWKThumbprintConfirmation.parse(claims);
            if (cnf != null || dpopScheme) {
                String proof = httpRequest.getHeader("DPoP");
                if (cnf == null || !dpopScheme || proof == null) {
                    reject(http, "a DPoP-bound token needs the DPoP scheme and a proof");
                    return;
                }
                dpop.verify(httpRequest.getMethod(), URI.create(httpRequest.getRequestURL().toString()),
                        new DPoPIssuer(new ClientID(claims.getStringClaim("azp"))), SignedJWT.parse(proof),
                        new DPoPAccessToken(token), cnf, null);
            }
            accepted.add(claims);
        } catch (ParseException | BadJOSEException | JOSEException | InvalidDPoPProofException
                | AccessTokenValidationException e) {
            reject(http, e.getMessage());
            return;
        }
        chain.doFilter(request, response);
    }

    private DefaultJWTProcessor<SecurityContext> processor() {
        String trusted = issuer.get();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                keys.computeIfAbsent(trusted, JwtBearerFilter::keysOf)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience.get(),
                new JWTClaimsSet.Builder().issuer(trusted).build(), Set.of("exp", "iat", "sub", "jti")));
        return processor;
    }

    private static JWKSource<SecurityContext> keysOf(String issuer) {
        String jwks = issuer + "/protocol/openid-connect/certs";
        try {
            return JWKSourceBuilder.create(new URI(jwks).toURL()).retrying(true).build();
        } catch (URISyntaxException | MalformedURLException e) {
            throw new IllegalArgumentException("bad JWKS URL " + jwks, e);
        }
    }

    private void reject(HttpServletResponse response, String description) throws IOException {
        StringBuilder challenge = new StringBuilder("Bearer resource_metadata=\"" + resourceMetadataUrl + "\"");
        if (description != null) {
            challenge.append(", error=\"invalid_token\", error_description=\"")
                    .append(description.replace("\\", "\\\\").replace("\"", "'")).append('"');
        }
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", challenge.toString());
        response.setContentType("application/json");
        response.getWriter().write(description == null ? "{\"error\":\"unauthorized\"}" : "{\"error\":\"invalid_token\"}");
    }
}
