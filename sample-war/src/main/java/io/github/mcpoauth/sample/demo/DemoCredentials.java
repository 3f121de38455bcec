package io.github.mcpoauth.sample.demo;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Stateless client ids and tokens: each is an HMAC-signed JWT (RFC 7519; access tokens typed
 * {@code at+jwt} as in RFC 9068) that carries what the demo needs to check it, so the demo keeps no
 * client or token table. Demo quality: no revocation, one key, no rotation.
 */
final class DemoCredentials {

    static final Duration ACCESS_TOKEN_TTL = Duration.ofHours(1);
    static final Duration REFRESH_TOKEN_TTL = Duration.ofDays(30);

    private static final JOSEObjectType CLIENT = new JOSEObjectType("demo-client+jwt");
    private static final JOSEObjectType ACCESS = new JOSEObjectType("at+jwt");
    private static final JOSEObjectType REFRESH = new JOSEObjectType("demo-refresh+jwt");

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;

    DemoCredentials(byte[] key, Clock clock) {
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Unusable demo key", e);
        }
        this.clock = clock;
    }

    String clientId(DemoClient client) {
        return sign(CLIENT, new JWTClaimsSet.Builder()
                .claim("client_name", client.name())
                .claim("redirect_uris", client.redirectUris().stream().map(URI::toString).toList())
                .issueTime(Date.from(clock.instant())));
    }

    Optional<DemoClient> client(String clientId) {
        return verify(clientId, CLIENT).flatMap(claims -> {
            try {
                List<String> uris = claims.getStringListClaim("redirect_uris");
                return uris == null ? Optional.empty()
                        : Optional.of(new DemoClient(claims.getStringClaim("client_name"), uris.stream().map(URI::create).toList()));
            } catch (ParseException | IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    String accessToken(DemoGrant grant, String issuer) {
        return sign(ACCESS, grantClaims(grant, issuer, ACCESS_TOKEN_TTL));
    }

    String refreshToken(DemoGrant grant, String issuer) {
        return sign(REFRESH, grantClaims(grant, issuer, REFRESH_TOKEN_TTL));
    }

    /** The grant behind a valid, unexpired access token for {@code resource}. */
    Optional<DemoGrant> verifyAccessToken(String token, String resource) {
        return verify(token, ACCESS).map(DemoCredentials::grantOf).filter(g -> g.resource().equals(resource));
    }

    Optional<DemoGrant> verifyRefreshToken(String token) {
        return verify(token, REFRESH).map(DemoCredentials::grantOf);
    }

    private JWTClaimsSet.Builder grantClaims(DemoGrant grant, String issuer, Duration ttl) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(grant.subject())
                .audience(grant.resource())
                .claim("client_id", grant.clientId())
                .claim("client_name", grant.clientName())
                .claim("scope", grant.scope())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
    }

    private static DemoGrant grantOf(JWTClaimsSet claims) {
        List<String> audience = claims.getAudience();
        return new DemoGrant(claims.getSubject(), String.valueOf(claims.getClaim("client_id")),
                String.valueOf(claims.getClaim("client_name")), audience.isEmpty() ? "" : audience.get(0),
                String.valueOf(claims.getClaim("scope")));
    }

    private String sign(JOSEObjectType type, JWTClaimsSet.Builder claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(type).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a demo credential", e);
        }
        return jwt.serialize();
    }

    private Optional<JWTClaimsSet> verify(String value, JOSEObjectType type) {
        if (value == null || value.length() > 8192) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(value);
            if (!type.equals(jwt.getHeader().getType()) || !JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
                    || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            if (expires != null && !expires.toInstant().isAfter(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
    }
}
