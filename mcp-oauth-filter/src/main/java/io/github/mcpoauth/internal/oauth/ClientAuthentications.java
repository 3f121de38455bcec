package io.github.mcpoauth.internal.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.ClientRegistration;
import java.net.URI;
import java.util.Optional;

/**
 * Token endpoint client authentication exactly as registered (RFC 6749 section 2.3.1 for
 * {@code client_secret_basic} and {@code client_secret_post}, RFC 7523 section 2.2 for
 * {@code private_key_jwt}); {@code none} identifies the client by {@code client_id} in the body.
 * The configured client's credentials go only to issuers in {@code mcp.oauth.client-issuers}, also
 * for registrations stored before that binding existed.
 */
final class ClientAuthentications {

    static final String BASIC = "client_secret_basic";
    static final String POST = "client_secret_post";
    static final String NONE = "none";
    static final String PRIVATE_KEY_JWT = "private_key_jwt";

    private final Optional<ClientJwk> jwk;
    private final McpOAuthConfig config;

    ClientAuthentications(Optional<ClientJwk> jwk, McpOAuthConfig config) {
        this.jwk = jwk;
        this.config = config;
    }

    /** The authentication to attach, or empty for {@code none}; an assertion names the token endpoint. */
    Optional<ClientAuthentication> forRegistration(ClientRegistration registration) {
        return forRegistration(registration, false);
    }

    /**
     * As {@link #forRegistration(ClientRegistration)}; with {@code issuerAudience} a
     * {@code private_key_jwt} assertion names the issuer instead, as draft-ietf-oauth-rfc7523bis and
     * the MCP extension {@code oauth-client-credentials} require. The authorization code flow keeps
     * the token endpoint of RFC 7523 section 3, which some authorization servers insist on.
     */
    Optional<ClientAuthentication> forRegistration(ClientRegistration registration, boolean issuerAudience) {
        if (carriesConfiguredCredential(registration) && config.preRegisteredClientFor(registration.issuer()).isEmpty()) {
            throw new McpOAuthException(Code.INVALID_REQUEST, ErrorText.sanitize("The configured client is not"
                    + " registered with " + registration.issuer()
                    + "; remove the server and add it again"));
        }
        if (NONE.equals(registration.authMethod())) {
            return Optional.empty();
        }
        ClientID clientId = new ClientID(registration.clientId());
        switch (registration.authMethod()) {
            case BASIC:
                return Optional.of(new ClientSecretBasic(clientId, secretOf(registration)));
            case POST:
                return Optional.of(new ClientSecretPost(clientId, secretOf(registration)));
            case PRIVATE_KEY_JWT:
                ClientJwk key = jwk.orElseThrow(() -> new McpOAuthException(Code.INVALID_REQUEST,
                        "private_key_jwt client authentication needs mcp.oauth.client-jwk"));
                try {
                    URI audience = URI.create(issuerAudience && registration.issuer() != null
                            ? registration.issuer() : registration.tokenEndpoint());
                    return Optional.of(new PrivateKeyJWT(clientId, audience,
                            key.algorithm(), key.privateKey(), key.jwk().getKeyID(), null));
                } catch (JOSEException e) {
                    throw new McpOAuthException(Code.INVALID_REQUEST,
                            ErrorText.sanitize("Cannot sign the client assertion: " + e.getMessage()));
                }
            default:
                throw new McpOAuthException(Code.INVALID_REQUEST,
                        ErrorText.sanitize("Unsupported token endpoint auth method " + registration.authMethod()));
        }
    }

    private boolean carriesConfiguredCredential(ClientRegistration registration) {
        if (config.clientId().filter(registration.clientId()::equals).isEmpty()) {
            return false;
        }
        return PRIVATE_KEY_JWT.equals(registration.authMethod())
                || config.clientSecret().filter(s -> s.equals(registration.clientSecret())).isPresent();
    }

    private static Secret secretOf(ClientRegistration registration) {
        if (registration.clientSecret() == null || registration.clientSecret().isEmpty()) {
            throw new McpOAuthException(Code.INVALID_REQUEST, ErrorText.sanitize(
                    registration.authMethod() + " client authentication needs a client secret"));
        }
        return new Secret(registration.clientSecret());
    }
}
