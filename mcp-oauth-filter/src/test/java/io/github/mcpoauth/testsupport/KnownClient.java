package io.github.mcpoauth.testsupport;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A client the {@link TestAuthorizationServer} knows: registered dynamically, pre-registered by a
 * test, or described by a Client ID Metadata Document.
 *
 * @param clientId the client_id
 * @param clientSecret the client_secret, {@code null} for {@code none} and {@code private_key_jwt}
 * @param tokenEndpointAuthMethod {@code client_secret_basic}, {@code client_secret_post}, {@code none}
 *     or {@code private_key_jwt}
 * @param redirectUris the registered redirect URIs; empty means "any" (pre-registered clients only)
 * @param metadata the client metadata as registered (for example {@code jwks}, {@code client_name})
 */
public record KnownClient(String clientId, String clientSecret, String tokenEndpointAuthMethod,
        List<String> redirectUris, Map<String, Object> metadata) {

    public static final String CLIENT_SECRET_BASIC = "client_secret_basic";
    public static final String CLIENT_SECRET_POST = "client_secret_post";
    public static final String NONE = "none";
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";

    public KnownClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(tokenEndpointAuthMethod, "tokenEndpointAuthMethod");
        redirectUris = List.copyOf(redirectUris);
        metadata = Map.copyOf(metadata);
    }

    /** Whether the authorize endpoint accepts {@code redirectUri} for this client. */
    public boolean allowsRedirectUri(String redirectUri) {
        return redirectUri != null && (redirectUris.isEmpty() || redirectUris.contains(redirectUri));
    }

    /** Whether this method authenticates with a shared secret. */
    static boolean usesSecret(String tokenEndpointAuthMethod) {
        return CLIENT_SECRET_BASIC.equals(tokenEndpointAuthMethod) || CLIENT_SECRET_POST.equals(tokenEndpointAuthMethod);
    }
}
