package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.TokenSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What happens when a server stops using a client at an authorization server, because the server
 * was removed or its resource now names another AS or client: its tokens are revoked there
 * (RFC 7009), then the client registration is deleted there when no other server uses it
 * (RFC 7592), in that order, since revocation authenticates as that client. Never fails.
 */
final class Retirement {

    private final TokenRevoker revoker;
    private final SharedClients clients;

    Retirement(TokenRevoker revoker, SharedClients clients) {
        this.revoker = revoker;
        this.clients = clients;
    }

    CompletableFuture<Void> retire(String serverId, ClientRegistration registration, Optional<TokenSet> tokens) {
        CompletableFuture<Void> revoked = tokens.isPresent() ? revoker.revoke(serverId, registration, tokens.get())
                : CompletableFuture.completedFuture(null);
        return revoked.thenCompose(done -> clients.release(registration));
    }
}
