package io.github.mcpoauth.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authorization server's side of the Identity Assertion JWT Authorization Grant: the JWT bearer
 * grant (RFC 7523) with an ID-JAG from one trusted identity provider, checked as that draft's
 * section 5.1 asks (signature, {@code typ}, issuer, audience this AS, client_id the authenticated
 * client, not expired). Remembers whose each issued access token is.
 */
final class IdJagGrants {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final String idpIssuer;
    private final ECKey idpKey;
    private final String asIssuer;
    private final Clock clock;
    private final Map<String, String> subjectsByAccessToken = new ConcurrentHashMap<>();

    IdJagGrants(String idpIssuer, ECKey idpKey, String asIssuer, Clock clock) {
        this.idpIssuer = idpIssuer;
        this.idpKey = idpKey;
        this.asIssuer = asIssuer;
        this.clock = clock;
    }

    TokenGrant grant(KnownClient client, Map<String, String> form, TokenRegistry tokens) throws OAuthErrorException {
        JWTClaimsSet claims = verified(form.get("assertion"), client);
        String resource = (String) claims.getClaim("resource");
        Set<String> scopes = claims.getClaim("scope") instanceof String s ? AuthorizeServlet.scopes(s) : Set.of();
        // no refresh token: a new ID-JAG renews access
        TokenGrant issued = tokens.issueWithoutRefresh(client.clientId(), scopes, resource);
        subjectsByAccessToken.put(issued.accessToken().accessToken(), claims.getSubject());
        return issued;
    }

    /** Whether a JWT bearer grant's assertion is meant as an ID-JAG (its {@code typ}), not another assertion. */
    static boolean isIdJag(String assertion) {
        try {
            return new JOSEObjectType("oauth-id-jag+jwt").equals(SignedJWT.parse(assertion == null ? "" : assertion)
                    .getHeader().getType());
        } catch (java.text.ParseException e) {
            return false;
        }
    }

    Optional<String> subjectOf(String accessToken) {
        return Optional.ofNullable(subjectsByAccessToken.get(accessToken));
    }

    private JWTClaimsSet verified(String assertion, KnownClient client) throws OAuthErrorException {
        try {
            SignedJWT jwt = SignedJWT.parse(assertion == null ? "" : assertion);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!new JOSEObjectType("oauth-id-jag+jwt").equals(jwt.getHeader().getType())
                    || !jwt.verify(new ECDSAVerifier(idpKey)) || !idpIssuer.equals(claims.getIssuer())
                    || !claims.getAudience().contains(asIssuer) || !client.clientId().equals(claims.getClaim("client_id"))
                    || !claims.getExpirationTime().toInstant().isAfter(clock.instant())) {
                throw new OAuthErrorException(400, "invalid_grant", "not an ID-JAG for this client and server");
            }
            return claims;
        } catch (java.text.ParseException | JOSEException | RuntimeException e) {
            throw new OAuthErrorException(400, "invalid_grant", "the assertion is not a signed JWT");
        }
    }
}
