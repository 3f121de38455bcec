package io.github.mcpoauth.testsupport;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authorization codes, access tokens and refresh tokens of a {@link TestAuthorizationServer}.
 * Codes and refresh tokens are single use: consuming one removes it atomically.
 */
final class TokenRegistry {

    private static final Duration CODE_LIFETIME = Duration.ofMinutes(1);

    private final Clock clock;
    private final Duration accessTokenLifetime;
    private final boolean issueRefreshTokens;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, AuthorizationCode> codes = new ConcurrentHashMap<>();
    private final Map<String, IssuedToken> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();

    TokenRegistry(Clock clock, Duration accessTokenLifetime, boolean issueRefreshTokens) {
        this.clock = clock;
        this.accessTokenLifetime = accessTokenLifetime;
        this.issueRefreshTokens = issueRefreshTokens;
    }

    String newCode(String clientId, String redirectUri, String codeChallenge, Set<String> scopes, String resource) {
        String code = randomValue();
        codes.put(code, new AuthorizationCode(code, clientId, redirectUri, codeChallenge, scopes, resource,
                clock.instant().plus(CODE_LIFETIME)));
        return code;
    }

    /** Removes and returns the code if it exists and has not expired. */
    Optional<AuthorizationCode> consumeCode(String code) {
        AuthorizationCode found = code == null ? null : codes.remove(code);
        if (found == null || clock.instant().isAfter(found.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(found);
    }

    /** Removes and returns the grant of a live refresh token: each refresh token works once. */
    Optional<RefreshGrant> consumeRefreshToken(String refreshToken) {
        return Optional.ofNullable(refreshToken == null ? null : refreshTokens.remove(refreshToken));
    }

    /** @param jkt the DPoP key to bind the tokens to, null for bearer tokens */
    TokenGrant issue(String clientId, Set<String> scopes, String resource, String jkt) {
        IssuedToken access = new IssuedToken(randomValue(), clientId, scopes, resource,
                clock.instant().plus(accessTokenLifetime), jkt);
        accessTokens.put(access.accessToken(), access);
        String refresh = null;
        if (issueRefreshTokens) {
            refresh = randomValue();
            refreshTokens.put(refresh, new RefreshGrant(refresh, clientId, scopes, resource, jkt));
        }
        return new TokenGrant(access, refresh);
    }

    /** An access token alone, as grants without a user issue it (RFC 6749 section 4.4.3). */
    TokenGrant issueWithoutRefresh(String clientId, Set<String> scopes, String resource) {
        IssuedToken access = new IssuedToken(randomValue(), clientId, scopes, resource,
                clock.instant().plus(accessTokenLifetime), null);
        accessTokens.put(access.accessToken(), access);
        return new TokenGrant(access, null);
    }

    /** Issues new tokens for a consumed refresh grant, keeping its scopes on the new refresh token. */
    TokenGrant reissue(RefreshGrant grant, Set<String> scopes, String resource) {
        TokenGrant issued = issue(grant.clientId(), scopes, resource, grant.jkt());
        if (issued.refreshToken() != null) {
            refreshTokens.put(issued.refreshToken(),
                    new RefreshGrant(issued.refreshToken(), grant.clientId(), grant.scopes(), resource, grant.jkt()));
        }
        return issued;
    }

    /** The token if it was issued here, is not revoked and has not expired. */
    Optional<IssuedToken> verify(String accessToken) {
        IssuedToken token = accessToken == null ? null : accessTokens.get(accessToken);
        if (token == null || token.isExpiredAt(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(token);
    }

    long accessTokenLifetimeSeconds() {
        long millis = Math.max(0, accessTokenLifetime.toMillis());
        return (millis + 999) / 1000;
    }

    /** RFC 7009 section 2.2: a token of another client, or an unknown one, is left alone without complaint. */
    void revoke(String clientId, String token) {
        if (token != null) {
            accessTokens.computeIfPresent(token, (k, t) -> t.clientId().equals(clientId) ? null : t);
            refreshTokens.computeIfPresent(token, (k, g) -> g.clientId().equals(clientId) ? null : g);
        }
    }

    void revokeAccessTokens() {
        accessTokens.clear();
    }

    void revokeAll() {
        accessTokens.clear();
        refreshTokens.clear();
    }

    private String randomValue() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
