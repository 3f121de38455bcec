package io.github.mcpoauth.client;

import java.util.Optional;

/**
 * The OpenID Connect ID token an owner signed in with, for enterprise-managed authorization
 * ({@code mcp.oauth.enterprise-idp-issuer}): the module exchanges it at that identity provider for an
 * ID-JAG, which the server's authorization server takes instead of asking the user. Called on one of
 * the module's blocking threads, for the owner whose server is being authorized; answer only with
 * that owner's token, and empty when there is none (the user is then asked as usual). The token is
 * never logged or stored by the module, and sent to the identity provider only.
 */
@FunctionalInterface
public interface IdTokenSupplier {

    Optional<String> idToken(String owner);
}
