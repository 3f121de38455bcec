package io.github.mcpoauth.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * An enterprise identity provider for enterprise-managed authorization tests: it signs ID tokens
 * for its users (audience: its client {@link #CLIENT_ID}) and, at its token endpoint, exchanges a
 * valid one for an ID-JAG (RFC 8693, Identity Assertion JWT Authorization Grant) naming the MCP
 * client's client_id at the authorization server, which trusts {@link #publicKey()}. Every exchange
 * is recorded; users can be refused.
 */
public final class TestIdentityProvider implements AutoCloseable {

    public static final String CLIENT_ID = "app-at-idp";
    public static final String CLIENT_SECRET = "app-secret-at-idp";

    /** One token exchange as the provider saw it; {@code subject} null when the subject token was not valid. */
    public record Exchange(String subject, String audience, String resource, boolean clientAuthenticated) {
    }

    private final EmbeddedJetty jetty;
    private final ECKey key;
    private final Clock clock;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    private TestIdentityProvider(EmbeddedJetty jetty, ECKey key, Clock clock) {
        this.jetty = jetty;
        this.key = key;
        this.clock = clock;
    }

    /**
     * Starts it; ID-JAGs name {@code clientIdAtAuthorizationServer} as their client_id, and tokens
     * are issued and checked by {@code clock} (the authorization server's, so ID-JAGs expire alike).
     */
    public static TestIdentityProvider start(String clientIdAtAuthorizationServer, Clock clock) {
        EmbeddedJetty jetty = EmbeddedJetty.bind();
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID("idp-" + UUID.randomUUID()).generate();
            TestIdentityProvider idp = new TestIdentityProvider(jetty, key, clock);
            ServletContextHandler context = new ServletContextHandler("/");
            context.addServlet(new JsonDocumentServlet(Map.of("issuer", idp.issuer(),
                    "authorization_endpoint", idp.issuer() + "/authorize", "token_endpoint", idp.tokenEndpoint(),
                    "jwks_uri", idp.issuer() + "/jwks", "response_types_supported", List.of("code"),
                    "grant_types_supported", List.of("authorization_code", "urn:ietf:params:oauth:grant-type:token-exchange")),
                    () -> { }), "/.well-known/openid-configuration");
            context.addServlet(new IdJagExchangeServlet(idp, clientIdAtAuthorizationServer), "/token");
            context.addServlet(new NotFoundServlet(), "/");
            jetty.start(context);
            return idp;
        } catch (JOSEException | RuntimeException e) {
            jetty.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    public String issuer() {
        return jetty.baseUrl();
    }

    public String tokenEndpoint() {
        return issuer() + "/token";
    }

    /** What an authorization server verifies ID-JAGs with. */
    public ECKey publicKey() {
        return key.toPublicJWK();
    }

    /** A signed ID token for {@code subject}, valid for an hour. */
    public String idToken(String subject) {
        return sign("JWT", subject, issuer(), CLIENT_ID, Duration.ofHours(1), Map.of());
    }

    /** A signed ID token for {@code subject} that expired a minute ago. */
    public String expiredIdToken(String subject) {
        return sign("JWT", subject, issuer(), CLIENT_ID, Duration.ofMinutes(-1), Map.of());
    }

    /** From now on, exchanges of {@code subject}'s ID tokens are refused with access_denied. */
    public void refuse(String subject) {
        refused.add(subject);
    }

    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    @Override
    public void close() {
        jetty.close();
    }

    boolean isRefused(String subject) {
        return refused.contains(subject);
    }

    void record(Exchange exchange) {
        exchanges.add(exchange);
    }

    /** The subject of a valid ID token of this provider, or null. */
    String verifiedSubject(String idToken) {
        try {
            SignedJWT jwt = SignedJWT.parse(idToken);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            boolean valid = jwt.verify(new com.nimbusds.jose.crypto.ECDSAVerifier(key.toPublicJWK()))
                    && issuer().equals(claims.getIssuer()) && claims.getAudience().contains(CLIENT_ID)
                    && claims.getExpirationTime().toInstant().isAfter(clock.instant());
            return valid ? claims.getSubject() : null;
        } catch (java.text.ParseException | JOSEException | RuntimeException e) {
            return null;
        }
    }

    String idJag(String subject, String audience, String resource, String clientId, String scope) {
        Map<String, Object> extra = scope == null ? Map.of("resource", resource, "client_id", clientId)
                : Map.of("resource", resource, "client_id", clientId, "scope", scope);
        return sign("oauth-id-jag+jwt", subject, issuer(), audience, Duration.ofMinutes(5), extra);
    }

    private String sign(String type, String subject, String issuer, String audience, Duration lifetime,
            Map<String, Object> extra) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime))).jwtID(UUID.randomUUID().toString());
        extra.forEach(claims::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(type))
                .keyID(key.getKeyID()).build(), claims.build());
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
