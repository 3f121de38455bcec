package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.store.TokenSet;
import io.github.mcpoauth.store.TokenStore;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The scope to request, as the MCP specification's scope selection strategy says: the challenge's
 * {@code scope} (RFC 6750 section 3), else the resource's {@code scopes_supported} (RFC 9728), else
 * none; a step-up after {@code insufficient_scope} adds the scope already granted. SEP-2207: this
 * client keeps refresh tokens, so it adds {@code offline_access} when the authorization server's
 * metadata lists it in {@code scopes_supported} (an OpenID-style AS issues refresh tokens only
 * then), and only to a scope it requests anyway: a request that names no scope leaves the choice
 * to the AS, which {@code offline_access} alone would narrow. Whether a refresh token comes back is
 * still the AS's choice.
 */
final class Scopes {

    static final String OFFLINE_ACCESS = "offline_access";

    private Scopes() {
    }

    /** Space-separated scope, or null to omit the parameter. */
    static String select(BearerChallenge challenge, List<String> scopesSupported, String grantedScope) {
        String base = challenge.scope() != null ? challenge.scope()
                : scopesSupported.isEmpty() ? null : String.join(" ", scopesSupported);
        return challenge.insufficientScope() ? union(base, grantedScope) : base;
    }

    /**
     * {@link #select} for {@code key}'s server: on step-up, what it was granted before is read from
     * {@code tokens}, and only then.
     */
    static String forChallenge(BearerChallenge challenge, List<String> scopesSupported, TokenStore tokens,
            ServerKey key) {
        String granted = challenge.insufficientScope()
                ? tokens.find(key.owner(), key.serverId()).map(TokenSet::scope).orElse(null)
                : null;
        return select(challenge, scopesSupported, granted);
    }

    /** {@code scope} plus {@code offline_access} when the AS supports it; null stays null. */
    static String withOfflineAccess(String scope, List<String> authServerScopes) {
        return scope == null || !authServerScopes.contains(OFFLINE_ACCESS) ? scope : union(scope, OFFLINE_ACCESS);
    }

    /** Both scopes' tokens in order of appearance without duplicates; null when both are empty. */
    static String union(String first, String second) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String scope : new String[] {first, second}) {
            if (scope != null) {
                for (String token : scope.trim().split("\\s+")) {
                    if (!token.isEmpty()) {
                        tokens.add(token);
                    }
                }
            }
        }
        return tokens.isEmpty() ? null : String.join(" ", tokens);
    }
}
