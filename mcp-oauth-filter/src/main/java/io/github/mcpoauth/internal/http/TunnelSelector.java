package io.github.mcpoauth.internal.http;

import io.github.mcpoauth.internal.oauth.UrlGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The module's client's proxy selector ({@code HttpClient.Builder.proxy}, this client's alone, never
 * the JVM's default): every request whose connection needs a look-up goes through the
 * {@link ConnectTunnel}, which connects to an address it checked; plain http to a host name through
 * that origin's own listener, so its connections can be kept alive. An IP literal needs no look-up, so
 * one the guard allows goes direct, keeping the JDK's connection reuse; one it refuses goes to the
 * tunnel too, which refuses it with the guard's reason (a URL no pre-check saw, such as an SSE
 * endpoint a server announced, is covered as well). Runs on the thread that sends, without blocking.
 */
final class TunnelSelector extends ProxySelector {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private final UrlGuard guard;
    private final ConnectTunnel connectTunnel;
    private final List<Proxy> tunnel;

    TunnelSelector(ConnectTunnel tunnel) {
        this.guard = tunnel.guard();
        this.connectTunnel = tunnel;
        this.tunnel = List.of(new Proxy(Proxy.Type.HTTP, tunnel.address()));
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost();
        InetAddress literal = literal(host);
        if (literal != null) {
            return guard.allows(literal) ? List.of(Proxy.NO_PROXY) : tunnel;
        }
        if (host != null && "http".equalsIgnoreCase(uri.getScheme())) {
            InetSocketAddress origin = connectTunnel.originAddress(host, uri.getPort() < 0 ? 80 : uri.getPort());
            if (origin != null) {
                return List.of(new Proxy(Proxy.Type.HTTP, origin));
            }
        }
        return tunnel;
    }

    /** The address a host names without a look-up (dotted IPv4, bracketed IPv6), else null. */
    static InetAddress literal(String host) {
        if (host == null) {
            return null;
        }
        boolean v6 = host.startsWith("[") && host.endsWith("]") && host.indexOf(':') > 0;
        if (!v6 && !IPV4.matcher(host).matches()) {
            return null;
        }
        try {
            // a literal: parsed, never looked up
            return InetAddress.getByName(v6 ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // the request fails with the reason the tunnel noted; there is no other proxy to try
    }
}
