package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The single SSRF guard for every outbound URL: protected resource and authorization server
 * metadata, registration and token endpoints, and the MCP server itself. It refuses non-HTTP
 * schemes, URLs with userinfo, and hosts that resolve to a special-purpose address (IANA's
 * registries: private, link-local including cloud metadata at 169.254.169.254, CGNAT, benchmarking,
 * documentation, multicast, reserved...), also when embedded in IPv6 (see {@link SpecialAddresses}).
 * {@code allowPrivateNetwork} lifts these checks. Addresses of this machine itself (loopback, and
 * the unspecified address, which reaches it too) need {@code allowLoopback} instead: any user may
 * name a URL, and the host's own services (admin ports, sidecars, databases) trust local callers
 * more than a private network's, so trusting one does not imply the other.
 *
 * <p>The check resolves the host itself (with its {@link Resolver}, by default
 * {@link InetAddress#getAllByName}), so it may block on DNS: call it off request threads. A check
 * alone says nothing about the address a later connection uses, which a second look-up may answer
 * differently (DNS rebinding): the connection itself must go to one of
 * {@link #checkedAddresses(String)}, as the module's CONNECT tunnel does.
 */
public final class UrlGuard {

    /** How a host name becomes addresses; the guard's and the connections' look-ups are this one. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The JVM's resolver (its hosts file, DNS and cache). */
    public static final Resolver SYSTEM = InetAddress::getAllByName;

    private final boolean allowPrivateNetwork;
    private final boolean allowLoopback;
    private final Resolver resolver;

    public UrlGuard(boolean allowPrivateNetwork, boolean allowLoopback) {
        this(allowPrivateNetwork, allowLoopback, SYSTEM);
    }

    public UrlGuard(boolean allowPrivateNetwork, boolean allowLoopback, Resolver resolver) {
        this.allowPrivateNetwork = allowPrivateNetwork;
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    /** False when both keys lift the checks: then any address will do, and nothing needs pinning. */
    public boolean checksAddresses() {
        return !(allowPrivateNetwork && allowLoopback);
    }

    /**
     * Throws {@link McpOAuthException} with {@link Code#INVALID_REQUEST} naming the host when the
     * URL must not be fetched, or {@link Code#UPSTREAM} when its host cannot be resolved.
     */
    public void check(URI url) {
        if (url == null) {
            throw new McpOAuthException(Code.INVALID_REQUEST, "No URL given");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = hostOf(url);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused(url, host, "only http and https URLs are allowed");
        }
        if (host.isEmpty()) {
            throw new McpOAuthException(Code.INVALID_REQUEST,
                    ErrorText.sanitize("Refusing URL without a host: " + url));
        }
        if (url.getRawUserInfo() != null) {
            throw refused(url, host, "URLs with user information are not allowed");
        }
        if (checksAddresses()) {
            checkedAddresses(host);
        }
    }

    /**
     * Resolves {@code host} (a name or an IP literal, without brackets) and checks every address it
     * has, as {@link #check} does: the addresses a connection to it may use, in the resolver's order.
     * Throws the same {@link McpOAuthException}s as {@link #check}, naming {@code host}.
     */
    public List<InetAddress> checkedAddresses(String host) {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("cannot resolve host " + host));
        }
        if (addresses == null || addresses.length == 0) {
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("cannot resolve host " + host));
        }
        for (InetAddress address : addresses) {
            String why = refusal(address);
            if (why != null) {
                throw refused(host, why);
            }
        }
        return List.of(addresses);
    }

    /** Whether a connection may go to {@code address} (an IP literal needs no look-up). */
    public boolean allows(InetAddress address) {
        return refusal(address) == null;
    }

    private String refusal(InetAddress address) {
        if (isThisMachine(address)) {
            return allowLoopback ? null : "it is this machine's own address"
                    + " (set mcp.oauth.allow-loopback=true to allow loopback)";
        }
        if (!allowPrivateNetwork && isNonPublic(address)) {
            return "it resolves to a private, link-local or reserved address"
                    + " (set mcp.oauth.allow-private-network=true to allow this)";
        }
        return null;
    }

    private static String hostOf(URI url) {
        String host = url.getHost();
        if (host == null) {
            // URI.getHost() is null for hosts it cannot parse (say an underscore), so fall back
            // to the raw authority without userinfo and port.
            String authority = url.getRawAuthority();
            if (authority == null) {
                return "";
            }
            host = authority.substring(authority.lastIndexOf('@') + 1).replaceFirst(":\\d*$", "");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host;
    }

    private static McpOAuthException refused(URI url, String host, String why) {
        return refused(host.isEmpty() ? String.valueOf(url.getScheme()) + " URL" : host, why);
    }

    private static McpOAuthException refused(String what, String why) {
        return new McpOAuthException(Code.INVALID_REQUEST, ErrorText.sanitize("Refusing to connect to " + what + ": " + why));
    }

    /** Loopback or unspecified, also as IPv4 inside IPv6: connecting there reaches this machine. */
    static boolean isThisMachine(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        if (address instanceof Inet4Address) {
            return false;
        }
        byte[] embedded = SpecialAddresses.embeddedIpv4(address.getAddress());
        return embedded != null && (embedded[0] & 0xff) == 127;
    }

    /** True for every special-purpose address, loopback included (see {@link SpecialAddresses}). */
    static boolean isNonPublic(InetAddress address) {
        return SpecialAddresses.isSpecial(address);
    }
}
