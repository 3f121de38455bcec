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
import java.util.concurrent.locks.ReentrantLock;

/**
 * One owner's servers: adding (with duplicate detection and limits), restoring, and views of them.
 * Adding, removing and adopting take one per-owner lock, so a re-read of the shared store never
 * brings back a server being removed nor drops one being added; it is a {@link ReentrantLock}, not
 * a monitor, because its holder writes to the store. Restoring reads the store before taking it.
 */
final class ServerCatalog {

    private final String owner;
    private final ConnectionContext ctx;
    private final Map<String, ServerConnection> connections;
    private final ReentrantLock lock = new ReentrantLock();

    ServerCatalog(String owner, ConnectionContext ctx, Map<String, ServerConnection> connections) {
        this.owner = owner;
        this.ctx = ctx;
        this.connections = connections;
    }

    record Added(ServerConnection connection, boolean created) {
    }

    Added add(String name, String url, ServerOptions options) {
        String cleanName = ServerRequestValidator.name(name);
        ServerEndpoint endpoint = ServerEndpoint.parse(url);
        Map<String, String> headers = ServerRequestValidator.headers(options.headers());
        lock.lock();
        try {
            return add(cleanName, endpoint, headers, options);
        } finally {
            lock.unlock();
        }
    }

    private Added add(String cleanName, ServerEndpoint endpoint, Map<String, String> headers, ServerOptions options) {
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
    void restore(StoredServer server) {
        if (connections.containsKey(server.id())) {
            return;
        }
        Optional<PendingAuthorization> pending = ctx.store().pendingAuthorizations()
                .latest(owner, server.id())
                .filter(p -> !p.isExpired(ctx.clock().instant()));
        boolean hasTokens = ctx.store().tokens().find(owner, server.id()).isPresent();
        boolean waitsForUser = pending.isPresent() && !hasTokens;
        ServerConnection connection;
        try {
            connection = new ServerConnection(ctx, server, ctx.config().retry(),
                    waitsForUser ? ConnectionState.AUTHENTICATING : ConnectionState.CONNECTING,
                    waitsForUser ? pending.get().authUrl() : null);
        } catch (McpOAuthException e) {
            return;
        }
        if (connections.putIfAbsent(server.id(), connection) == null && !waitsForUser) {
            connection.connect();
        }
    }

    /** Restores a server another node added, if the store still has it (checked under the lock removals take). */
    boolean adopt(String serverId) {
        if (connections.containsKey(serverId)) {
            return false;
        }
        lock.lock();
        try {
            if (connections.containsKey(serverId)) {
                return false;
            }
            ctx.store().servers().find(owner, serverId).ifPresent(this::restore);
            return connections.containsKey(serverId);
        } finally {
            lock.unlock();
        }
    }

    /** Drops a server another node removed, if the store really no longer has it (an add here saves first). */
    boolean dropIfGone(String serverId, ServerConnection connection) {
        lock.lock();
        try {
            return ctx.store().servers().find(owner, serverId).isEmpty() && connections.remove(serverId, connection);
        } finally {
            lock.unlock();
        }
    }

    /** Drops a server from the view and the store together, so a concurrent {@link #adopt} cannot bring it back. */
    boolean remove(String serverId, ServerConnection connection) {
        lock.lock();
        try {
            boolean removed = connections.remove(serverId, connection);
            ctx.store().deleteServerCascade(owner, serverId);
            return removed;
        } finally {
            lock.unlock();
        }
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
        return new McpServersState(servers, tools, prompts, resources, templates, ctx.elicitations().pending(owner));
    }

    private static String newId() {
        return java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
