package io.github.mcpoauth.internal.http;

import io.github.mcpoauth.McpOAuthException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.http.HttpConnectTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One connection through the {@link ConnectTunnel}, on its thread only: reads the JDK's request
 * head, has the host resolved and checked, connects to a checked address (the next one when a
 * connect fails, all within the connect timeout), then relays until both directions have ended.
 * On an origin's own listener every request is passed through its {@link RequestStream}, and the
 * connection stays open for the next one.
 */
final class TunnelConnection {

    private enum State { HEAD, RESOLVING, CONNECTING, RELAY, CLOSING, CLOSED }

    private final ConnectTunnel tunnel;
    private final SocketChannel client;
    private final SelectionKey clientKey;
    private final RelayDirection up = new RelayDirection();
    private final RelayDirection down = new RelayDirection();
    private final RequestStream requests;
    private State state = State.HEAD;
    private long deadline;
    private byte[] head;
    private int headLength;
    private ProxyRequest request;
    private List<InetAddress> addresses;
    private int nextAddress;
    private SocketChannel server;
    private SelectionKey serverKey;

    /** @param origin the one origin this connection serves (kept alive), or null (one request) */
    TunnelConnection(ConnectTunnel tunnel, SocketChannel client, ConnectTunnel.Origin origin) throws IOException {
        this.tunnel = tunnel;
        this.client = client;
        this.requests = origin == null ? null : new RequestStream(origin.host(), origin.port());
        if (origin == null) {
            head = new byte[2048];
        } else {
            request = new ProxyRequest(false, origin.host(), origin.port(), new byte[0], 0);
            up.splitRequests(requests);
        }
        this.clientKey = client.register(tunnel.selector(), 0, this);
    }

    void start() {
        deadline = System.nanoTime() + tunnel.connectNanos();
        settle();
    }

    void ready(SelectionKey key) {
        try {
            if (key == clientKey) {
                if (key.isValid() && key.isWritable()) {
                    down.flush(client);
                }
                if (key.isValid() && key.isReadable()) {
                    if (state == State.HEAD && requests != null) {
                        readFirstRequest();
                    } else if (state == State.HEAD) {
                        readHead();
                    } else if (state == State.RELAY) {
                        up.pump(client, server, tunnel.scratch());
                    }
                }
            } else {
                if (key.isValid() && key.isConnectable()) {
                    finishConnect();
                }
                if (key.isValid() && key.isWritable() && state == State.RELAY) {
                    up.flush(server);
                }
                if (key.isValid() && key.isReadable() && state == State.RELAY) {
                    down.pump(server, client, tunnel.scratch());
                }
            }
            if (state == State.RELAY) {
                deadline = System.nanoTime() + tunnel.idleNanos();
            }
            settle();
        } catch (IOException | RuntimeException e) {
            close();
        }
    }

    void expireIfDue(long now) {
        if (state == State.CLOSED || now - deadline < 0) {
            return;
        }
        if (state == State.RESOLVING || state == State.CONNECTING) {
            String host = request.host();
            fail(504, () -> new HttpConnectTimeoutException(
                    "Could not connect to " + host + " within the connect timeout"));
        } else {
            close();
        }
    }

    private void readHead() throws IOException {
        if (headLength == head.length) {
            head = Arrays.copyOf(head, Math.min(head.length * 2, ProxyRequest.MAX_HEAD));
        }
        int n = client.read(ByteBuffer.wrap(head, headLength, head.length - headLength));
        if (n < 0) {
            close();
            return;
        }
        headLength += n;
        int end = ProxyRequest.headEnd(head, headLength);
        if (end < 0) {
            if (headLength >= ProxyRequest.MAX_HEAD) {
                reply(431, "Request Header Fields Too Large");
            }
            return;
        }
        try {
            request = ProxyRequest.parse(Arrays.copyOf(head, end));
        } catch (IllegalArgumentException e) {
            reply(400, "Bad Request");
            return;
        }
        byte[] rest = Arrays.copyOfRange(head, end, headLength);
        byte[] first = request.connect() ? rest : concat(request.forward(), rest);
        up.send(ByteBuffer.wrap(first));
        head = null;
        resolve();
    }

    /** On an origin's listener: reads until the first head is whole, then connects. */
    private void readFirstRequest() throws IOException {
        ByteBuffer read = tunnel.scratch();
        read.clear();
        if (client.read(read) < 0) {
            close();
            return;
        }
        ByteBuffer first;
        try {
            first = requests.next(read.flip());
        } catch (IllegalArgumentException e) {
            reply(400, "Bad Request");
            return;
        }
        up.send(first);
        if (requests.begun()) {
            resolve();
        }
    }

    private void resolve() {
        state = State.RESOLVING;
        String host = request.host();
        boolean started = tunnel.resolve(() -> {
            List<InetAddress> checked;
            try {
                checked = tunnel.guard().checkedAddresses(host);
            } catch (McpOAuthException refused) {
                tunnel.onLoop(() -> refused(refused));
                return;
            } catch (RuntimeException e) {
                tunnel.onLoop(this::close);
                return;
            }
            tunnel.onLoop(() -> resolved(checked));
        });
        if (!started) {
            close();
        }
    }

    private void refused(McpOAuthException refusal) {
        if (state == State.RESOLVING) {
            fail(403, () -> new McpOAuthException(refusal.code(), refusal.getMessage()));
        }
    }

    private void resolved(List<InetAddress> checked) {
        if (state != State.RESOLVING) {
            return;
        }
        addresses = checked;
        state = State.CONNECTING;
        connectNext();
    }

    private void connectNext() {
        while (nextAddress < addresses.size()) {
            InetAddress address = addresses.get(nextAddress++);
            try {
                server = SocketChannel.open();
                server.configureBlocking(false);
                server.setOption(StandardSocketOptions.TCP_NODELAY, true);
                serverKey = server.register(tunnel.selector(), SelectionKey.OP_CONNECT, this);
                if (server.connect(new InetSocketAddress(address, request.port()))) {
                    connected();
                } else {
                    settle();
                }
                return;
            } catch (IOException e) {
                dropServer();
            }
        }
        String host = request.host();
        fail(502, () -> new ConnectException("Cannot connect to " + host));
    }

    private void finishConnect() {
        try {
            if (server.finishConnect()) {
                connected();
            }
        } catch (IOException e) {
            dropServer();
            connectNext();
        }
    }

    private void connected() {
        state = State.RELAY;
        deadline = System.nanoTime() + tunnel.idleNanos();
        if (request.connect()) {
            down.send(ByteBuffer.wrap("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        } else if (requests == null) {
            down.closeAfterResponseHead();
        }
        settle();
    }

    /**
     * Notes why, then answers a CONNECT with {@code status} and closes; a plain request gets no
     * answer of ours, which the JDK's client would take for the server's.
     */
    private void fail(int status, java.util.function.Supplier<? extends Exception> reason) {
        tunnel.failures().note(request.host(), request.port(), reason);
        dropServer();
        if (request.connect()) {
            reply(status, status == 403 ? "Forbidden" : status == 504 ? "Gateway Timeout" : "Bad Gateway");
        } else {
            close();
        }
    }

    private void reply(int status, String reason) {
        state = State.CLOSING;
        deadline = System.nanoTime() + tunnel.connectNanos();
        down.send(ByteBuffer.wrap(("HTTP/1.1 " + status + " " + reason
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        try {
            down.flush(client);
            settle();
        } catch (IOException e) {
            close();
        }
    }

    /** Closes once both directions have ended, else sets what the channels wait for. */
    private void settle() {
        if (state == State.CLOSED) {
            return;
        }
        if ((state == State.CLOSING && !down.hasPending()) || (state == State.RELAY && up.done() && down.done())) {
            close();
            return;
        }
        boolean relaying = state == State.RELAY;
        clientKey.interestOps((state == State.HEAD || (relaying && up.wantsRead()) ? SelectionKey.OP_READ : 0)
                | (down.hasPending() ? SelectionKey.OP_WRITE : 0));
        if (serverKey != null && serverKey.isValid()) {
            serverKey.interestOps(state == State.CONNECTING ? SelectionKey.OP_CONNECT
                    : (relaying && down.wantsRead() ? SelectionKey.OP_READ : 0)
                    | (relaying && up.hasPending() ? SelectionKey.OP_WRITE : 0));
        }
    }

    private void dropServer() {
        if (serverKey != null) {
            serverKey.cancel();
            serverKey = null;
        }
        ConnectTunnel.closeQuietly(server);
        server = null;
    }

    void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        clientKey.cancel();
        ConnectTunnel.closeQuietly(client);
        dropServer();
        tunnel.closed(this);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
