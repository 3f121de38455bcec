package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.store.StoredServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One owner's servers: adding (with duplicate detection and limits), restoring, and views of them. */
final class ServerCatalog {

    private final String owner;
    private final ConnectionContext ctx;
    private final Map<String, ServerConnection> connections;

    ServerCatalog(String owner, ConnectionContext ctx, Map<String, ServerConnection> connections) {
        this.owner = owner;
        this.ctx = ctx;
        this.connections = connections;
    }

    record Added(ServerConnection connection, boolean created) {
    }

    synchronized Added add(String name, String url, ServerOptions options) {
        String cleanName = ServerRequestValidator.name(name);
        ServerEndpoint endpoint = ServerEndpoint.parse(url);
        Map<String, String> headers = ServerRequestValidator.headers(options.headers());
        Optional<ServerConnection> duplicate = findDuplicate(cleanName, endpoint.url().toString());
        if (duplicate.isPresent()) {
            return new Added(duplicate.get(), false);
        }
        String id = options.id().map(ServerRequestValidator::id).orElseGet(ServerCatalog::newId);
        if (connections.containsKey(id)) {
            throw new McpOAuthException(Code.CONFLICT, "A server with id " + id + " already exists");
        }
        if (connections.size() >= ctx.config().maxServersPerOwner()) {
            throw new McpOAuthException(Code.CONFLICT,
                    "At most " + ctx.config().maxServersPerOwner() + " servers per user");
        }
        StoredServer server = new StoredServer(owner, id, cleanName, endpoint.url().toString(),
                options.transport().wireName(), headers, options.callbackUrl().map(Object::toString).orElse(null),
                options.client().map(c -> c.clientId()).orElse(null),
                options.client().map(c -> c.clientSecret()).orElse(null),
                ctx.clock().instant());
        ctx.store().servers().save(server);
        ServerConnection connection = new ServerConnection(ctx, server,
                options.retry().orElse(ctx.config().retry()), ConnectionState.CONNECTING, null);
        connections.put(id, connection);
        return new Added(connection, true);
    }

    /** Brings back a stored server: mid-authorization stays authenticating, the rest reconnect. */
    synchronized void restore(StoredServer server) {
        if (connections.containsKey(server.id())) {
            return;
        }
        Optional<PendingAuthorization> pending = ctx.store().pendingAuthorizations()
                .latest(owner, server.id())
                .filter(p -> !p.isExpired(ctx.clock().instant()));
        boolean hasTokens = ctx.store().tokens().find(owner, server.id()).isPresent();
        ServerConnection connection;
        try {
            connection = new ServerConnection(ctx, server, ctx.config().retry(),
                    pending.isPresent() && !hasTokens ? ConnectionState.AUTHENTICATING : ConnectionState.CONNECTING,
                    pending.isPresent() && !hasTokens ? pending.get().authUrl() : null);
        } catch (McpOAuthException e) {
            return;
        }
        connections.put(server.id(), connection);
        if (pending.isEmpty() || hasTokens) {
            connection.connect();
        }
    }

    /** Restores a server another node added, if the store still has it (checked under the lock removals take). */
    synchronized boolean adopt(String serverId) {
        if (connections.containsKey(serverId)) {
            return false;
        }
        ctx.store().servers().find(owner, serverId).ifPresent(this::restore);
        return connections.containsKey(serverId);
    }

    /** Drops a server another node removed, if the store really no longer has it (an add here saves first). */
    synchronized boolean dropIfGone(String serverId, ServerConnection connection) {
        return ctx.store().servers().find(owner, serverId).isEmpty() && connections.remove(serverId, connection);
    }

    /** Drops a server from the view and the store together, so a concurrent {@link #adopt} cannot bring it back. */
    synchronized boolean remove(String serverId, ServerConnection connection) {
        boolean removed = connections.remove(serverId, connection);
        ctx.store().deleteServerCascade(owner, serverId);
        return removed;
    }

    Optional<ServerConnection> findDuplicate(String name, String url) {
        return connections.values().stream()
                .filter(c -> c.server().name().equals(name) && c.server().url().equals(url))
                .findFirst();
    }

    ServerConnection require(String serverId) {
        ServerConnection connection = serverId == null ? null : connections.get(serverId);
        if (connection == null) {
            throw new McpOAuthException(Code.NOT_FOUND, "No such server: "
                    + io.github.mcpoauth.internal.oauth.ErrorText.sanitize(String.valueOf(serverId)));
        }
        return connection;
    }

    AddServerResult result(ServerConnection connection) {
        ServerSnapshot s = connection.snapshot();
        return new AddServerResult(connection.server().id(), s.state(),
                s.state() == ConnectionState.AUTHENTICATING ? s.authUrl() : null);
    }

    ServerView view(ServerConnection connection) {
        ServerSnapshot s = connection.snapshot();
        StoredServer server = connection.server();
        return new ServerView(server.name(), server.url(),
                s.state() == ConnectionState.AUTHENTICATING ? s.authUrl() : null, s.state().wireName(),
                s.error(), s.instructions(), s.capabilities());
    }

    McpServersState state() {
        List<ServerConnection> ordered = new ArrayList<>(connections.values());
        ordered.sort(Comparator.comparing((ServerConnection c) -> c.server().createdAt())
                .thenComparing(c -> c.server().id()));
        Map<String, ServerView> servers = new LinkedHashMap<>();
        List<Map<String, Object>> tools = new ArrayList<>();
        List<Map<String, Object>> prompts = new ArrayList<>();
        List<Map<String, Object>> resources = new ArrayList<>();
        List<Map<String, Object>> templates = new ArrayList<>();
        for (ServerConnection c : ordered) {
            ServerSnapshot s = c.snapshot();
            servers.put(c.server().id(), view(c));
            if (s.state() == ConnectionState.READY) {
                tools.addAll(s.tools());
                prompts.addAll(s.prompts());
                resources.addAll(s.resources());
                templates.addAll(s.resourceTemplates());
            }
        }
        return new McpServersState(servers, tools, prompts, resources, templates);
    }

    private static String newId() {
        return java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
