package io.github.mcpoauth.internal.http;

import io.github.mcpoauth.internal.ModuleThreads;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ConnectTunnel}'s one thread ({@code mcp-oauth-tunnel-1}) and its selector: accepts
 * loopback peers up to the bound, on the shared listener and on each origin's, runs every {@link TunnelConnection}'s events and the look-up
 * results handed to it, and once a second ends connections past their deadline. A failing
 * connection or accept never ends the thread; closing it closes every connection.
 */
final class TunnelLoop {

    private static final Logger log = LoggerFactory.getLogger(TunnelLoop.class);
    private static final long SWEEP_MILLIS = 1_000;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final ConnectTunnel tunnel;
    private final int maxTunnels;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final InetSocketAddress address;
    private final Set<TunnelConnection> connections = new HashSet<>();
    private final Set<ServerSocketChannel> listeners = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
    private final Thread thread;
    private volatile boolean closed;
    private boolean warnedFull;
    private long lastSweep = System.nanoTime();

    TunnelLoop(ConnectTunnel tunnel, int maxTunnels) throws IOException {
        this.tunnel = tunnel;
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
        this.thread = new ModuleThreads("mcp-oauth-tunnel-").newThread(this::run);
        thread.start();
    }

    InetSocketAddress address() {
        return address;
    }

    int open() {
        return open.get();
    }

    /** The one read buffer of all connections: they run on this thread, one at a time. */
    ByteBuffer scratch() {
        return scratch;
    }

    Selector selector() {
        return selector;
    }

    boolean running() {
        return thread.isAlive();
    }

    void submit(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * Opens a listener on loopback whose connections serve {@code origin} only; this thread starts
     * accepting on it. Null when it cannot listen, or once closed.
     */
    InetSocketAddress listen(ConnectTunnel.Origin origin) {
        ServerSocketChannel listener = null;
        try {
            listener = ServerSocketChannel.open();
            listeners.add(listener);
            if (closed) {
                throw new IOException("closed");
            }
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            listener.configureBlocking(false);
            ServerSocketChannel accepting = listener;
            submit(() -> {
                try {
                    accepting.register(selector, SelectionKey.OP_ACCEPT, origin);
                } catch (IOException e) {
                    ConnectTunnel.closeQuietly(accepting);
                }
            });
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException | RuntimeException e) {
            if (listener != null) {
                listeners.remove(listener);
                ConnectTunnel.closeQuietly(listener);
            }
            return null;
        }
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
                    if (key.channel() instanceof ServerSocketChannel listener) {
                        accept(key, listener, (ConnectTunnel.Origin) key.attachment());
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
            ConnectTunnel.closeQuietly(server);
            for (ServerSocketChannel listener : listeners) {
                ConnectTunnel.closeQuietly(listener);
            }
            ConnectTunnel.closeQuietly(selector);
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
        resumeAccepting(server);
        listeners.forEach(this::resumeAccepting);
        return SWEEP_MILLIS;
    }

    private void resumeAccepting(ServerSocketChannel listener) {
        SelectionKey accepting = listener.keyFor(selector);
        if (accepting != null && accepting.isValid() && accepting.interestOps() == 0) {
            accepting.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** A failing accept (out of file descriptors, say) pauses accepting until the next sweep. */
    private void accept(SelectionKey key, ServerSocketChannel listener, ConnectTunnel.Origin origin) {
        try {
            for (SocketChannel channel; (channel = listener.accept()) != null; ) {
                admit(channel, origin);
            }
        } catch (IOException e) {
            key.interestOps(0);
            log.warn("The outbound connection tunnel cannot accept connections: {}", e.toString());
        }
    }

    private void admit(SocketChannel channel, ConnectTunnel.Origin origin) {
        try {
            if (!ConnectTunnel.isLoopback((InetSocketAddress) channel.getRemoteAddress())) {
                channel.close();
                return;
            }
            if (connections.size() >= maxTunnels) {
                if (!warnedFull) {
                    warnedFull = true;
                    log.warn("{} outbound connections are open through the tunnel, its limit; refusing more", maxTunnels);
                }
                channel.close();
                return;
            }
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            TunnelConnection connection = new TunnelConnection(tunnel, channel, origin);
            connections.add(connection);
            open.incrementAndGet();
            connection.start();
        } catch (IOException e) {
            ConnectTunnel.closeQuietly(channel);
        }
    }

    void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("The outbound connection tunnel did not stop within {} ms", CLOSE_WAIT.toMillis());
        }
    }
}
