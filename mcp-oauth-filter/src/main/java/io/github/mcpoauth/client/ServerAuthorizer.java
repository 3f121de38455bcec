package io.github.mcpoauth.client;

import io.github.mcpoauth.config.PreRegisteredClient;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.oauth.AuthorizationTarget;
import io.github.mcpoauth.internal.oauth.BearerChallenge;
import io.github.mcpoauth.internal.oauth.ErrorText;
import io.github.mcpoauth.internal.telemetry.ErrorTypes;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.github.mcpoauth.store.StoredServer;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Starts the authorizations of one owner's server after a 401/403 challenge (MCP 2025-11-25
 * "Authorization"; step-up on {@code insufficient_scope}): the browser flow, with
 * enterprise-managed authorization tried first where it applies, or, for the application's own
 * owners ({@code mcp.oauth.app-owners}), a grant with no user. At most {@value #MAX_AUTH_ATTEMPTS}
 * in a row. A 401 {@code invalid_token} after an authorization completed and before a session was
 * ready ends the row at once: the server rejects a token just issued, so another authorization
 * would only get another such token; the server's description is shown instead. An old token
 * (expired, revoked) rejected so gets one authorization. It reports through its connection's state.
 */
final class ServerAuthorizer {

    static final int MAX_AUTH_ATTEMPTS = 3;

    private final ConnectionContext ctx;
    private final StoredServer server;
    private final ServerKey key;
    private final ServerEndpoint endpoint;
    private final SessionSlot slot;
    private final Consumer<UnaryOperator<ServerSnapshot>> update;
    private final Consumer<Connector.Session> closeSession;

    ServerAuthorizer(ConnectionContext ctx, StoredServer server, ServerKey key, ServerEndpoint endpoint,
            SessionSlot slot, Consumer<UnaryOperator<ServerSnapshot>> update,
            Consumer<Connector.Session> closeSession) {
        this.ctx = ctx;
        this.server = server;
        this.key = key;
        this.endpoint = endpoint;
        this.slot = slot;
        this.update = update;
        this.closeSession = closeSession;
    }

    /**
     * Starts one authorization, unless {@value #MAX_AUTH_ATTEMPTS} attempts in a row did not help:
     * true when tokens were granted without the user (the state is then connecting), false when
     * the user is sent to authorize (with the reason enterprise-managed authorization gave none, if
     * it was tried) or the server failed. The start of the authorization is a span, a child of {@code parent}.
     */
    CompletableFuture<Boolean> authorizeOnce(BearerChallenge challenge, Trace parent) {
        long generation = slot.generation();
        int attempt = slot.nextAuthAttempt();
        closeSession.accept(slot.take());
        if (challenge.invalidToken() && slot.authorizedInRow()) {
            update.accept(s -> s.failed(ErrorText.sanitize("The MCP server rejects the access token its authorization server has just issued ("
                    + challenge.errorAndDescription() + "); authorizing again would not help")));
            return CompletableFuture.completedFuture(false);
        }
        if (attempt > MAX_AUTH_ATTEMPTS) {
            update.accept(s -> s.failed(ErrorText.sanitize("Authorization did not grant access after " + MAX_AUTH_ATTEMPTS
                    + " attempts" + (challenge.error() == null ? "" : " (" + challenge.errorAndDescription() + ")"))));
            return CompletableFuture.completedFuture(false);
        }
        Optional<PreRegisteredClient> client = Optional.ofNullable(server.clientId())
                .map(id -> new PreRegisteredClient(id, server.clientSecret(), null));
        if (ctx.config().isAppOwner(key.owner())) {
            return grantWithoutUser(new AuthorizationTarget(key.owner(), key.serverId(), endpoint.url(), null, client),
                    challenge, generation);
        }
        Optional<URI> redirect = Optional.ofNullable(server.callbackUrl()).map(URI::create)
                .or(() -> ctx.config().callbackUrl());
        if (redirect.isEmpty()) {
            update.accept(s -> s.failed("No OAuth redirect URI: set mcp.oauth.callback-url"));
            return CompletableFuture.completedFuture(false);
        }
        AuthorizationTarget target = new AuthorizationTarget(key.owner(), key.serverId(), endpoint.url(),
                redirect.get(), client);
        return ctx.auth().authorize(target, challenge, attempt, parent).handle((start, error) -> {
            if (slot.isStale(generation)) {
                return false; // closed by the application meanwhile: it stays not-connected
            } else if (error != null) {
                ctx.events().authorize(key.owner(), key.serverId(), "failed", attempt, ErrorTypes.of(error));
                update.accept(s -> s.failed(Failures.describe(error)));
            } else if (start.granted()) {
                ctx.events().authorize(key.owner(), key.serverId(), "granted", attempt, null);
                slot.authorizationCompleted();
                update.accept(s -> s.withState(ConnectionState.CONNECTING));
                return true;
            } else {
                ctx.events().authorize(key.owner(), key.serverId(), "started", attempt, null);
                update.accept(s -> s.authenticating(start.pending().authUrl(), start.reason()));
            }
            return false;
        });
    }

    /**
     * The application's own server ({@code mcp.oauth.app-owners}) gets its tokens with no user: true
     * when granted; it is then {@code connecting}, and whoever asked connects again (bounded by the authorization
     * attempts in a row). A refused grant fails the server at once: retrying would be refused again.
     */
    private CompletableFuture<Boolean> grantWithoutUser(AuthorizationTarget target, BearerChallenge challenge,
            long generation) {
        return ctx.auth().authorizeWithoutUser(target, challenge).handle((granted, error) -> {
            if (slot.isStale(generation)) {
                return false;
            } else if (error != null) {
                ctx.events().authorize(key.owner(), key.serverId(), "failed", 0, ErrorTypes.of(error));
                update.accept(s -> s.failed(Failures.describe(error)));
                return false;
            }
            ctx.events().authorize(key.owner(), key.serverId(), "granted", 0, null);
            slot.authorizationCompleted();
            update.accept(s -> s.withState(ConnectionState.CONNECTING));
            return true;
        });
    }
}
