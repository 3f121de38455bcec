package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.config.McpOAuthConfig;
import java.util.Optional;
import net.minidev.json.JSONObject;

/**
 * The Client ID Metadata Document this module serves for itself (draft-ietf-oauth-client-id-metadata-document
 * section 4; MCP authorization, "Client ID Metadata Documents"): {@code client_id} is exactly the document's
 * URL, the rest is the metadata Dynamic Client Registration sends ({@link ClientMetadataBuilder}) for the
 * configured callback URL. A client with a configured key authenticates with {@code private_key_jwt} and
 * publishes the public key; otherwise it is a public client ({@code none}). No secret can appear: a
 * document client cannot have one, and only the public JWK is written.
 *
 * <p>The document is public by design: the authorization server fetches it without credentials.
 */
public final class ClientMetadataDocument {

    private ClientMetadataDocument() {
    }

    /** The document as JSON, when {@link McpOAuthConfig#servesClientMetadata()}; fails naming the key for a bad JWK. */
    public static Optional<String> servedJson(McpOAuthConfig config) {
        if (!config.servesClientMetadata()) {
            return Optional.empty();
        }
        Optional<ClientJwk> jwk = config.clientJwk().map(ClientJwk::load);
        JSONObject document = ClientMetadataBuilder.describe(config.clientName(), config.callbackUrl().orElseThrow(),
                authMethod(jwk.isPresent()), jwk).toJSONObject();
        document.put("client_id", config.clientMetadataUrl().orElseThrow().toString());
        return Optional.of(document.toJSONString());
    }

    /** How a client identified by its metadata document authenticates at the token endpoint. */
    static String authMethod(boolean haveJwk) {
        return haveJwk ? ClientAuthentications.PRIVATE_KEY_JWT : ClientAuthentications.NONE;
    }
}
