package io.github.mcpoauth.internal.http;

import io.github.mcpoauth.internal.oauth.UrlGuard;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Pins every outbound connection to an address the {@link UrlGuard} checked. The JDK's HTTP client
 * resolves a host again when it connects, after the guard's look-up, and a rebinding DNS server can
 * answer "public" to the one and "127.0.0.1" or "169.254.169.254" to the other; Java 17 has no
 * per-client resolver hook. So the module's client uses this as its HTTP proxy (see
 * {@link TunnelSelector}): on {@code CONNECT host:port} (RFC 9110 section 9.3.6) it resolves the host
 * with the guard's resolver on the module's blocking threads, checks every address with the guard's
 * rules, connects to a checked one, answers 200 and relays bytes both ways. TLS stays end to end,
 * so the JDK's SNI and hostname verification are as without it. Plain http arrives in absolute form
 * and leaves in origin form ({@link ProxyRequest}). The JDK pools proxied plain connections by proxy
 * address alone, so for plain http to a host name {@link TunnelSelector} names a listener of that
 * origin's own ({@link #originAddress}): its connections are kept alive, pinned to the origin's
 * checked address like a CONNECT tunnel, and carry that origin's requests only
 * ({@link RequestStream}). Past {@link #MAX_ORIGINS} origins, plain http goes through the shared
 * listener, one request per connection ({@link ResponseHead}).
 * A refusal is a 403 (a closed connection for plain http) whose reason {@link TunnelFailures} keeps
 * for the failed request.
 *
 * <p>It listens on loopback only and serves only loopback peers, at most {@code maxTunnels}
 * connections at once. One thread ({@code mcp-oauth-tunnel-1}) runs all of them with non-blocking
 * channels; it also enforces the deadlines: look-up and connect within the connect timeout, a head
 * within it too, and a relay idle in both directions for {@code idleTimeout} ends. Half-closes pass
 * through. {@link TunnelLoop} is that thread; {@link #close()} closes every relayed socket and ends it.
 */
public final class ConnectTunnel implements AutoCloseable {

    /**
     * Upper bound of connections at once, a backstop: the module's own use is bounded by its open
     * sessions and requests in flight. Each costs three sockets (the JDK's, ours, the upstream's) and
     * no buffer while idle.
     */
    public static final int MAX_TUNNELS = 16_384;

    /**
     * How long a relay may stay silent both ways: longer than the JDK keeps an idle pooled connection
     * (20 minutes on Java 17) and than the default session idle timeout.
     */
    public static final Duration RELAY_IDLE_TIMEOUT = Duration.ofHours(1);

    /**
     * Origins that get a listener of their own, each one loopback port; plain http is rare (the
     * MCP authorization spec wants https except for loopback), so a few suffice.
     */
    static final int MAX_ORIGINS = 64;

    /** A plain-http origin: its host name in lower case, and port. */
    record Origin(String host, int port) {
    }

    private final Map<Origin, InetSocketAddress> origins = new ConcurrentHashMap<>();
    private final UrlGuard guard;
    private final Executor resolving;
    private final long connectNanos;
    private final long idleNanos;
    private final TunnelFailures failures = new TunnelFailures();
    private final TunnelLoop loop;

    private ConnectTunnel(UrlGuard guard, Executor resolving, Duration connectTimeout, Duration idleTimeout,
            int maxTunnels) throws IOException {
        this.guard = guard;
        this.resolving = resolving;
        this.connectNanos = connectTimeout.toNanos();
        this.idleNanos = idleTimeout.toNanos();
        this.loop = new TunnelLoop(this, maxTunnels);
    }

    /**
     * @param resolving where look-ups run (they may block); their wait is bounded by the connect timeout
     */
    public static ConnectTunnel open(UrlGuard guard, Executor resolving, Duration connectTimeout, Duration idleTimeout,
            int maxTunnels) {
        try {
            return new ConnectTunnel(guard, resolving, connectTimeout, idleTimeout, maxTunnels);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on loopback for the outbound connection tunnel", e);
        }
    }

    /** The loopback address the JDK's client uses as its proxy. */
    InetSocketAddress address() {
        return loop.address();
    }

    /**
     * The listener whose connections carry plain http for {@code host} and {@code port} only, opened
     * on first use; null past {@link #MAX_ORIGINS} or when it cannot listen (then the shared one
     * serves). Quick enough for the thread that sends: a bind on loopback, never a look-up.
     */
    InetSocketAddress originAddress(String host, int port) {
        Origin origin = new Origin(host.toLowerCase(Locale.ROOT), port);
        InetSocketAddress known = origins.get(origin);
        if (known != null || origins.size() >= MAX_ORIGINS) {
            return known;
        }
        synchronized (origins) {
            known = origins.get(origin);
            if (known == null && origins.size() < MAX_ORIGINS) {
                known = loop.listen(origin);
                if (known != null) {
                    origins.put(origin, known);
                }
            }
            return known;
        }
    }

    UrlGuard guard() {
        return guard;
    }

    TunnelFailures failures() {
        return failures;
    }

    /** Connections accepted and not yet closed. */
    int openTunnels() {
        return loop.open();
    }

    /** Whether the tunnel's thread is still alive. */
    boolean running() {
        return loop.running();
    }

    ByteBuffer scratch() {
        return loop.scratch();
    }

    Selector selector() {
        return loop.selector();
    }

    long connectNanos() {
        return connectNanos;
    }

    long idleNanos() {
        return idleNanos;
    }

    /** Runs a look-up off the tunnel's thread; false when the pool no longer takes work. */
    boolean resolve(Runnable lookUp) {
        try {
            resolving.execute(lookUp);
            return true;
        } catch (RuntimeException rejected) {
            return false;
        }
    }

    /** Runs {@code task} on the tunnel's thread (look-ups report back this way). */
    void onLoop(Runnable task) {
        loop.submit(task);
    }

    void closed(TunnelConnection connection) {
        loop.closed(connection);
    }

    static boolean isLoopback(InetSocketAddress peer) {
        return peer != null && peer.getAddress() != null && peer.getAddress().isLoopbackAddress();
    }

    static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            // closing is all that was left to do with it
        }
    }

    /** Closes every relayed socket and the listener, and waits (bounded) for the thread to end. */
    @Override
    public void close() {
        loop.close();
    }
}
