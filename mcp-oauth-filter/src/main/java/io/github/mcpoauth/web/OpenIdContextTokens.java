package io.github.mcpoauth.web;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.security.enterprise.identitystore.openid.IdentityToken;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;

/**
 * The ID token of the current request's user from Jakarta Security's OpenID Connect support (its
 * {@link OpenIdContext} bean, Jakarta Security 3.0 section 2.4.4). The only class naming that API;
 * {@link IdTokenCapture} loads it only once {@code OpenIdContext} is found, since
 * applications without Jakarta Security do not have them.
 */
final class OpenIdContextTokens {

    private OpenIdContextTokens() {
    }

    /** The token, or null when the user did not sign in with OpenID Connect (or there is no CDI container). */
    static String current() {
        try {
            Instance<OpenIdContext> context = CDI.current().select(OpenIdContext.class);
            if (!context.isResolvable()) {
                return null;
            }
            IdentityToken token = context.get().getIdentityToken();
            return token == null ? null : token.getToken();
        } catch (RuntimeException | LinkageError e) {
            return null; // no container, no active scope, or no OpenID Connect sign-in in this request
        }
    }
}
