package io.github.mcpoauth.client;

import io.github.mcpoauth.internal.oauth.UrlGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins every outbound connection to an address the {@link UrlGuard} checked. The JDK's HTTP client
 * resolves a host again when it connects, after the guard's look-up, and a rebinding DNS server can
 * answer "public" to the one and "127.0.0.1" or "169.254.169.254" to the other; Java 17 has no
 * per-client resolver hook. So the module's client uses this as its HTTP proxy (see
 * {@link TunnelSelector}): on {@code CONNECT host:port} (RFC 9110 section 9.3.6) it resolves the host
 * with the guard's resolver on the module's blocking threads, checks every address with the guard's
 * rules, connects to a checked one, answers 200 and relays bytes both ways. TLS stays end to end,
 * so the JDK's SNI and hostname verification are as without it. Plain http arrives in absolute form
 * and leaves in origin form, one request per connection ({@link ProxyRequest}, {@link ResponseHead}).
 * A refusal is a 403 (a closed connection for plain http) whose reason {@link TunnelFailures} keeps
 * for the failed request.
 *
 * <p>It listens on loopback only and serves only loopback peers, at most {@code maxTunnels}
 * connections at once. One thread ({@code mcp-oauth-tunnel-1}) runs all of them with non-blocking
 * channels; it also enforces the deadlines: look-up and connect within the connect timeout, a head
 * within it too, and a relay idle in both directions for {@code idleTimeout} ends. Half-closes pass
 * through. {@link #close()} closes every relayed socket and ends the thread.
 */
final class ConnectTunnel implements AutoCloseable {

    /**
     * Upper bound of connections at once, a backstop: the module's own use is bounded by its open
     * sessions and requests in flight. Each costs three sockets (the JDK's, ours, the upstream's) and
     * no buffer while idle.
     */
    static final int MAX_TUNNELS = 16_384;

    /**
     * How long a relay may stay silent both ways: longer than the JDK keeps an idle pooled connection
     * (20 minutes on Java 17) and than the default session idle timeout.
     */
    static final Duration RELAY_IDLE_TIMEOUT = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(ConnectTunnel.class);
    private static final long SWEEP_MILLIS = 1_000;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final UrlGuard guard;
    private final Executor resolving;
    private final long connectNanos;
    private final long idleNanos;
    private final int maxTunnels;
    private final TunnelFailures failures = new TunnelFailures();
    private final Selector selector;
    private final ServerSocketChannel server;
    private final InetSocketAddress address;
    private final Set<TunnelConnection> connections = new HashSet<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
    private final Thread loop;
    private volatile boolean closed;
    private boolean warnedFull;
    private long lastSweep = System.nanoTime();

    private ConnectTunnel(UrlGuard guard, Executor resolving, Duration connectTimeout, Duration idleTimeout,
            int maxTunnels) throws IOException {
        this.guard = guard;
        this.resolving = resolving;
        this.connectNanos = connectTimeout.toNanos();
        this.idleNanos = idleTimeout.toNanos();
        this.maxTunnels = maxTunnels;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            selector.close();
            throw e;
        }
        this.address = (InetSocketAddress) server.getLocalAddress();
        this.loop = new ModuleThreads("mcp-oauth-tunnel-").newThread(this::run);
        loop.start();
    }

    /**
     * @param resolving where look-ups run (they may block); their wait is bounded by the connect timeout
     */
    static ConnectTunnel open(UrlGuard guard, Executor resolving, Duration connectTimeout, Duration idleTimeout,
            int maxTunnels) {
        try {
            return new ConnectTunnel(guard, resolving, connectTimeout, idleTimeout, maxTunnels);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on loopback for the outbound connection tunnel", e);
        }
    }

    /** The loopback address the JDK's client uses as its proxy. */
    InetSocketAddress address() {
        return address;
    }

    UrlGuard guard() {
        return guard;
    }

    TunnelFailures failures() {
        return failures;
    }

    /** Connections accepted and not yet closed. */
    int openTunnels() {
        return open.get();
    }

    /** The one read buffer of all connections: they run on this tunnel's thread, one at a time. */
    ByteBuffer scratch() {
        return scratch;
    }

    Selector selector() {
        return selector;
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
        tasks.add(task);
        selector.wakeup();
    }

    void closed(TunnelConnection connection) {
        if (connections.remove(connection)) {
            open.decrementAndGet();
        }
    }

    private void run() {
        try {
            while (!closed) {
                selector.select(sweep());
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    guarded(task);
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.channel() == server) {
                        accept(key);
                    } else if (key.attachment() instanceof TunnelConnection connection) {
                        connection.ready(key);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                log.error("The outbound connection tunnel stopped; outbound requests fail until restart", e);
            }
        } finally {
            for (TunnelConnection connection : new ArrayList<>(connections)) {
                connection.close();
            }
            closeQuietly(server);
            closeQuietly(selector);
        }
    }

    /** One connection's trouble must not end the thread that runs all of them. */
    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("An outbound tunnel connection failed unexpectedly: {}", e.toString());
        }
    }

    /**
     * Ends what is past its deadline, and accepts again after a pause; answers the milliseconds
     * until the next sweep.
     */
    private long sweep() {
        long now = System.nanoTime();
        long since = TimeUnit.NANOSECONDS.toMillis(now - lastSweep);
        if (since < SWEEP_MILLIS) {
            return SWEEP_MILLIS - since;
        }
        lastSweep = now;
        for (TunnelConnection connection : new ArrayList<>(connections)) {
            guarded(() -> connection.expireIfDue(now));
        }
        SelectionKey accepting = server.keyFor(selector);
        if (accepting != null && accepting.isValid() && accepting.interestOps() == 0) {
            accepting.interestOps(SelectionKey.OP_ACCEPT);
        }
        return SWEEP_MILLIS;
    }

    /** A failing accept (out of file descriptors, say) pauses accepting until the next sweep. */
    private void accept(SelectionKey key) {
        try {
            acceptAll();
        } catch (IOException e) {
            key.interestOps(0);
            log.warn("The outbound connection tunnel cannot accept connections: {}", e.toString());
        }
    }

    private void acceptAll() throws IOException {
        for (SocketChannel channel; (channel = server.accept()) != null; ) {
            InetSocketAddress peer = (InetSocketAddress) channel.getRemoteAddress();
            if (!isLoopback(peer)) {
                closeQuietly(channel);
                continue;
            }
            if (connections.size() >= maxTunnels) {
                if (!warnedFull) {
                    warnedFull = true;
                    log.warn("{} outbound connections are open through the tunnel, its limit; refusing more", maxTunnels);
                }
                closeQuietly(channel);
                continue;
            }
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            TunnelConnection connection = new TunnelConnection(this, channel);
            connections.add(connection);
            open.incrementAndGet();
            connection.start();
        }
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
        closed = true;
        selector.wakeup();
        try {
            loop.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (loop.isAlive()) {
            log.warn("The outbound connection tunnel did not stop within {} ms", CLOSE_WAIT.toMillis());
        }
    }
}
