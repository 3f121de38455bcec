package io.github.mcpoauth.internal.oauth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * The one description of this app as an OAuth client (RFC 7591 section 2), sent in Dynamic Client
 * Registration and served as the Client ID Metadata Document: the client name, the redirect URI, the
 * authorization code and refresh token grants (SEP-2207: a client that keeps refresh tokens says so),
 * the code response type, the {@code application_type} (SEP-837, see {@link DynamicRegistration}) and
 * the token endpoint auth method; for {@code private_key_jwt} the public half of the client key only.
 */
final class ClientMetadataBuilder {

    private ClientMetadataBuilder() {
    }

    static ClientMetadata describe(String clientName, URI redirectUri, String authMethod, Optional<ClientJwk> jwk) {
        ClientMetadata metadata = new ClientMetadata();
        metadata.setName(clientName);
        metadata.setRedirectionURI(redirectUri);
        metadata.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        metadata.setResponseTypes(Set.of(ResponseType.CODE));
        metadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.parse(authMethod));
        metadata.setCustomField("application_type", DynamicRegistration.applicationType(redirectUri));
        if (authMethod.equals(ClientAuthentications.PRIVATE_KEY_JWT)) {
            metadata.setJWKSet(new JWKSet(jwk.orElseThrow().jwk().toPublicJWK()));
        }
        return metadata;
    }
}
