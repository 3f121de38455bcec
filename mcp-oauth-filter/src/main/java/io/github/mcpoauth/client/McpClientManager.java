package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.github.mcpoauth.store.ClientRegistration;
import io.github.mcpoauth.store.StoredServer;
import io.github.mcpoauth.store.TokenSet;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owner's MCP servers: the Java counterpart of the Agents SDK's {@code addMcpServer},
 * {@code removeMcpServer} and {@code getMcpServers}. Every method acts only on this owner's servers.
 * The synchronous methods wait at most the configured timeouts; each has an asynchronous twin.
 */
public final class McpClientManager {

    private static final Logger log = LoggerFactory.getLogger(McpClientManager.class);

    private final String owner;
    private final ConnectionContext ctx;
    private final ServerCatalog catalog;
    private final Map<String, ServerConnection> connections;
    private final StoreSync sync;
    private final List<ServerStateListener> listeners;
    /** The read of this owner's stored servers: started on first use, tried again after a failure. */
    private final AtomicReference<CompletableFuture<Void>> loading;
    /** The redirect URI of servers added without one; null: {@code mcp.oauth.callback-url}. */
    private final URI defaultCallbackUrl;
    private final McpCalls calls;

    McpClientManager(String owner, ConnectionContext ctx) {
        this.owner = owner;
        this.ctx = ctx;
        this.connections = new ConcurrentHashMap<>();
        this.catalog = new ServerCatalog(owner, ctx, connections);
        this.sync = new StoreSync(owner, ctx, connections, catalog);
        this.listeners = new CopyOnWriteArrayList<>();
        this.loading = new AtomicReference<>();
        this.defaultCallbackUrl = null;
        this.calls = new McpCalls(ctx.telemetry());
    }

    /** A view sharing everything of {@code of} but the default redirect URI. */
    private McpClientManager(McpClientManager of, URI defaultCallbackUrl) {
        this.owner = of.owner;
        this.ctx = of.ctx;
        this.connections = of.connections;
        this.catalog = of.catalog;
        this.sync = of.sync;
        this.listeners = of.listeners;
        this.loading = of.loading;
        this.defaultCallbackUrl = defaultCallbackUrl;
        this.calls = of.calls;
    }

    public String owner() {
        return owner;
    }

    /**
     * This owner's manager (same servers, same listeners) adding servers that have no callback URL
     * in their options with {@code callbackUrl} as their OAuth redirect URI; the servlet layer uses
     * it to give application code the redirect URI it derives from the request.
     */
    public McpClientManager withDefaultCallbackUrl(URI callbackUrl) {
        return Objects.equals(callbackUrl, defaultCallbackUrl) ? this : new McpClientManager(this, callbackUrl);
    }

    /** Adds a server with default options; see {@link #addMcpServer(String, String, ServerOptions)}. */
    public AddServerResult addMcpServer(String name, String url) {
        return addMcpServer(name, url, ServerOptions.defaults());
    }

    /**
     * Adds a server and connects: answers {@code ready}, or {@code authenticating} with the
     * {@code authUrl} to send the user to, or {@code failed}; {@code connecting} if connecting takes
     * longer than the discovery timeout. The same name and URL again returns the existing server.
     */
    public AddServerResult addMcpServer(String name, String url, ServerOptions options) {
        ServerCatalog.Added added = catalog.add(name, url, withDefaults(options));
        return Waits.await(connectAdded(added), ctx.config().discoveryTimeout().plusSeconds(1),
                () -> catalog.result(added.connection()));
    }

    /** As {@link #addMcpServer(String, String, ServerOptions)}; invalid input throws at once. */
    public CompletableFuture<AddServerResult> addMcpServerAsync(String name, String url, ServerOptions options) {
        return connectAdded(catalog.add(name, url, withDefaults(options)));
    }

    private ServerOptions withDefaults(ServerOptions options) {
        return defaultCallbackUrl == null || options.callbackUrl().isPresent() ? options
                : options.withCallbackUrl(defaultCallbackUrl);
    }

    private CompletableFuture<AddServerResult> connectAdded(ServerCatalog.Added added) {
        ServerConnection connection = added.connection();
        if (!added.created()) {
            return CompletableFuture.completedFuture(catalog.result(connection));
        }
        ctx.changed().accept(new ServerKey(owner, connection.server().id()));
        return connection.connect().thenApply(s -> catalog.result(connection));
    }

    /**
     * Closes the session and deletes the server's tokens, registration and pending authorizations;
     * then, without waiting, revokes the tokens at the authorization server where it offers RFC 7009
     * revocation and deletes the application's registration there (RFC 7592) when no stored server
     * uses it any more (a failure of either is only logged).
     */
    public void removeMcpServer(String serverId) {
        ServerConnection connection = catalog.require(serverId);
        Optional<TokenSet> tokens = ctx.store().tokens().find(owner, serverId);
        Optional<ClientRegistration> registration = ctx.store().registrations().find(owner, serverId);
        catalog.remove(serverId, connection);
        connection.close();
        connection.forgetKnownAnswers();
        ctx.auth().forget(owner, serverId);
        ctx.elicitations().cancelAll(new ServerKey(owner, serverId));
        ctx.changed().accept(new ServerKey(owner, serverId));
        registration.ifPresent(r -> ctx.auth().serverRemoved(serverId, r, tokens));
    }

    /**
     * Answers one of this owner's pending elicitations ({@link McpServersState#elicitations()}):
     * {@code NOT_FOUND} unless it is this owner's and still waiting; {@code INVALID_REQUEST} naming
     * the field when an accepted form does not match the requested schema (it then keeps waiting).
     * Omitted fields take the schema's defaults (SEP-1034). Returns at once; the server gets the answer.
     */
    public void answerElicitation(String elicitationId, ElicitationAnswer answer) {
        ctx.elicitations().answer(owner, elicitationId, Objects.requireNonNull(answer, "answer"));
    }

    /** This owner's servers and everything they offer, as the seed's state message carries it. */
    public McpServersState getMcpServers() {
        return catalog.state();
    }

    public ServerView getServer(String serverId) {
        ServerConnection connection = catalog.require(serverId);
        return catalog.view(connection);
    }

    /**
     * Closes the server's session, keeping the server, its registration and tokens (the seed's
     * {@code closeConnection}): it shows {@code not-connected}, requests to it fail with
     * {@code CONFLICT}, and {@link #reconnect} opens it again without a new authorization. A
     * connection attempt in progress is abandoned. Waits at most the request timeout for the session
     * to close (streamable HTTP ends it with a DELETE). Other nodes sharing the store are not told.
     */
    public void closeConnection(String serverId) {
        Waits.await(closeConnectionAsync(serverId), ctx.config().requestTimeout().plusSeconds(1), () -> null);
    }

    /** As {@link #closeConnection}; completes when the session is closed. */
    public CompletableFuture<Void> closeConnectionAsync(String serverId) {
        return disconnect(catalog.require(serverId));
    }

    /** {@link #closeConnection} for each of this owner's servers. */
    public void closeAllConnections() {
        Waits.await(closeAllConnectionsAsync(), ctx.config().requestTimeout().plusSeconds(1), () -> null);
    }

    /** As {@link #closeAllConnections}; completes when every session is closed. */
    public CompletableFuture<Void> closeAllConnectionsAsync() {
        return CompletableFuture.allOf(connections.values().stream().map(this::disconnect)
                .toArray(CompletableFuture<?>[]::new));
    }

    private CompletableFuture<Void> disconnect(ServerConnection connection) {
        ServerKey key = new ServerKey(owner, connection.server().id());
        CompletableFuture<Void> closed = connection.disconnect();
        ctx.elicitations().cancelAll(key); // the session that asked is gone (the close event says it was closed)
        return closed;
    }

    /**
     * Waits until every one of this owner's servers is settled ({@link ConnectionState#isSettled()}:
     * ready, failed, authenticating or not-connected), at most {@code timeout}.
     *
     * @return true when all settled, false when the timeout passed first ({@link #getMcpServers()}
     *         shows which are still connecting)
     */
    public boolean waitForConnections(Duration timeout) {
        return Waits.await(waitForConnectionsAsync(timeout), timeout.plusSeconds(1), () -> Boolean.FALSE);
    }

    /** As {@link #waitForConnections}: completes with true once all settle, or false after {@code timeout}. */
    public CompletableFuture<Boolean> waitForConnectionsAsync(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new McpOAuthException(Code.INVALID_REQUEST, "timeout must be zero or positive");
        }
        return SettledWait.start(connections.values(), this::onServerStateChanged, ctx.scheduler(), timeout);
    }

    /** Closes and reopens the connection, forgetting earlier failed authorization attempts. */
    public AddServerResult reconnect(String serverId) {
        return Waits.await(reconnectAsync(serverId), ctx.config().discoveryTimeout().plusSeconds(1),
                () -> catalog.result(catalog.require(serverId)));
    }

    public CompletableFuture<AddServerResult> reconnectAsync(String serverId) {
        ServerConnection connection = catalog.require(serverId);
        return connection.reconnect().thenApply(s -> catalog.result(connection));
    }

    public McpSchema.CallToolResult callTool(String serverId, String toolName, Map<String, Object> arguments) {
        return Waits.await(callToolAsync(serverId, toolName, arguments), callWait(), null);
    }

    /** As {@link #callTool}; a result whose server omitted {@code isError} has it false. */
    public CompletableFuture<McpSchema.CallToolResult> callToolAsync(String serverId, String toolName,
            Map<String, Object> arguments) {
        if (toolName == null || toolName.isBlank()) {
            throw new McpOAuthException(Code.INVALID_REQUEST, "tool name is required");
        }
        return calls.callTool(catalog.require(serverId), toolName, arguments);
    }

    public McpSchema.ReadResourceResult readResource(String serverId, String uri) {
        return Waits.await(readResourceAsync(serverId, uri), callWait(), null);
    }

    /** As {@link #readResource}. */
    public CompletableFuture<McpSchema.ReadResourceResult> readResourceAsync(String serverId, String uri) {
        return calls.readResource(catalog.require(serverId), uri);
    }

    public McpSchema.GetPromptResult getPrompt(String serverId, String name, Map<String, Object> arguments) {
        return Waits.await(getPromptAsync(serverId, name, arguments), callWait(), null);
    }

    /** As {@link #getPrompt}. */
    public CompletableFuture<McpSchema.GetPromptResult> getPromptAsync(String serverId, String name,
            Map<String, Object> arguments) {
        return calls.getPrompt(catalog.require(serverId), name, arguments);
    }

    /** Tells {@code listener} of every change to this owner's servers until the subscription is closed. */
    public Subscription onServerStateChanged(ServerStateListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    CompletableFuture<AddServerResult> authorized(String serverId, Trace parent) {
        // added through another node sharing the store, after this node loaded the owner
        catalog.adopt(serverId);
        ServerConnection connection = connections.get(serverId);
        if (connection == null) {
            // Removed while the user was authorizing: drop what the completed flow just stored.
            ctx.store().deleteServerCascade(owner, serverId);
            return CompletableFuture.failedFuture(new McpOAuthException(Code.NOT_FOUND, "No such server: " + serverId));
        }
        return connection.connect(parent).thenApply(s -> catalog.result(connection));
    }

    void authorizationFailed(String serverId, String message) {
        ServerConnection connection = connections.get(serverId);
        if (connection != null) {
            connection.authorizationFailed(message);
        }
    }

    /** Brings this node's view in line with the shared store (see {@link StoreSync}). */
    void syncWithStore() {
        sync.run();
    }

    /**
     * This owner's stored servers, read (on {@code executor}) and restored once: completes when they
     * are in this manager and connecting. A failed read is not kept; the next call reads again.
     */
    CompletableFuture<Void> load(Executor executor) {
        CompletableFuture<Void> current = loading.get();
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        CompletableFuture<Void> next = new CompletableFuture<>();
        if (!loading.compareAndSet(current, next)) {
            return loading.get();
        }
        try {
            executor.execute(() -> {
                try {
                    restore(ctx.store().servers().list(owner));
                    next.complete(null);
                } catch (RuntimeException e) {
                    next.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            next.completeExceptionally(new McpOAuthException(Code.UNAVAILABLE, "The MCP client service is closed"));
        }
        return next;
    }

    private void restore(List<StoredServer> servers) {
        servers.stream().sorted(Comparator.comparing(StoredServer::createdAt)).forEach(catalog::restore);
    }

    void fire(String serverId) {
        for (ServerStateListener listener : listeners) {
            try {
                listener.serverStateChanged(owner, serverId);
            } catch (RuntimeException e) {
                log.warn("A server state listener failed", e);
            }
        }
    }

    void closeIdle(long nowNanos, long idleNanos) {
        connections.values().forEach(c -> c.closeIfIdle(nowNanos, idleNanos));
    }

    /** Adds this owner's servers to {@code counts}, by state (from memory). */
    void countStates(Map<ConnectionState, Integer> counts) {
        for (ServerConnection connection : connections.values()) {
            counts.merge(connection.snapshot().state(), 1, Integer::sum);
        }
    }

    int openSessions() {
        return (int) connections.values().stream().filter(ServerConnection::hasOpenSession).count();
    }

    /** Closes every connection; the future completes when their sessions are closed. */
    CompletableFuture<Void> close() {
        CompletableFuture<?>[] closing = connections.values().stream().map(ServerConnection::close)
                .toArray(CompletableFuture<?>[]::new);
        connections.clear();
        return CompletableFuture.allOf(closing);
    }

    /** How long a synchronous request waits for its asynchronous twin: a little past its own deadline. */
    private Duration callWait() {
        return RequestDeadline.longest(ctx.config()).plusSeconds(1);
    }
}
