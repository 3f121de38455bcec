package io.github.mcpoauth.client;

import com.nimbusds.oauth2.sdk.util.MultivaluedMapUtils;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.StoredServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One owner's re-read of the shared store, for nodes that share a database: picks up servers added
 * or removed through other nodes, authorizations completed there and newer authorizations started
 * there, and tells listeners.
 */
final class StoreSync {

    private final String owner;
    private final ConnectionContext ctx;
    private final Map<String, ServerConnection> connections;
    private final ServerCatalog catalog;

    StoreSync(String owner, ConnectionContext ctx, Map<String, ServerConnection> connections, ServerCatalog catalog) {
        this.owner = owner;
        this.ctx = ctx;
        this.connections = connections;
        this.catalog = catalog;
    }

    /**
     * Brings this node's view in line with the shared store: servers added or removed through other
     * nodes, and authorizations completed there. Listeners hear of what changed.
     */
    void run() {
        List<String> changed = new ArrayList<>();
        Set<String> stored = new HashSet<>();
        for (StoredServer server : ctx.store().servers().list(owner)) {
            stored.add(server.id());
            if (catalog.adopt(server.id())) {
                changed.add(server.id());
            }
        }
        connections.forEach((id, connection) -> {
            if (!stored.contains(id) && catalog.dropIfGone(id, connection)) {
                connection.close();
                ctx.auth().forget(owner, id);
                changed.add(id);
            }
        });
        for (ServerConnection connection : connections.values()) {
            if (authorizedElsewhere(connection)) {
                connection.connect();
            } else {
                followNewerAuthorization(connection);
            }
        }
        changed.forEach(id -> ctx.changed().accept(new ServerKey(owner, id)));
    }

    /**
     * The authorization this node shows was completed through another node: its state was consumed
     * and tokens arrived. (A step-up in progress here still has its state, so it is left alone.)
     */
    private boolean authorizedElsewhere(ServerConnection connection) {
        ServerSnapshot s = connection.snapshot();
        String state = s.state() == ConnectionState.AUTHENTICATING ? stateOf(s.authUrl()) : null;
        return state != null && ctx.store().pendingAuthorizations().find(state).isEmpty()
                && ctx.store().tokens().find(owner, connection.server().id()).isPresent();
    }

    /**
     * Another node started a newer authorization for a server this node shows as authenticating,
     * which retired the one shown here: show the newer {@code authUrl}, the only one that completes.
     */
    private void followNewerAuthorization(ServerConnection connection) {
        ServerSnapshot s = connection.snapshot();
        String state = s.state() == ConnectionState.AUTHENTICATING ? stateOf(s.authUrl()) : null;
        if (state == null || ctx.store().pendingAuthorizations().find(state).isPresent()) {
            return;
        }
        ctx.store().pendingAuthorizations().latest(owner, connection.server().id())
                .filter(p -> !p.isExpired(ctx.clock().instant()))
                .map(PendingAuthorization::authUrl)
                .filter(url -> !url.equals(s.authUrl()))
                .ifPresent(connection::authorizationMoved);
    }

    private static String stateOf(String authUrl) {
        return authUrl == null ? null
                : MultivaluedMapUtils.getFirstValue(URLUtils.parseParameters(URI.create(authUrl).getRawQuery()), "state");
    }
}
