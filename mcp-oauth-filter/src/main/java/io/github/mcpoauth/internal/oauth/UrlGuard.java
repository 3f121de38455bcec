package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The single SSRF guard for every outbound URL: protected resource and authorization server
 * metadata, registration and token endpoints, and the MCP server itself. It refuses non-HTTP
 * schemes, URLs with userinfo, and hosts that resolve to private (RFC 1918, RFC 4193), link-local
 * (RFC 3927, including cloud metadata at 169.254.169.254), any-local, multicast or CGNAT
 * (RFC 6598) addresses, also when embedded in IPv6 (RFC 4291 section 2.5.5, RFC 6052).
 * {@code allowPrivateNetwork} lifts these checks. Addresses of this machine itself (loopback, and
 * the unspecified address, which reaches it too) need {@code allowLoopback} instead: any user may
 * name a URL, and the host's own services (admin ports, sidecars, databases) trust local callers
 * more than a private network's, so trusting one does not imply the other.
 *
 * <p>The check resolves the host itself ({@link InetAddress#getAllByName}), so it may block on DNS:
 * call it off request threads.
 */
public final class UrlGuard {

    private final boolean allowPrivateNetwork;
    private final boolean allowLoopback;

    public UrlGuard(boolean allowPrivateNetwork, boolean allowLoopback) {
        this.allowPrivateNetwork = allowPrivateNetwork;
        this.allowLoopback = allowLoopback;
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
        if (allowPrivateNetwork && allowLoopback) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new McpOAuthException(Code.UPSTREAM, ErrorText.sanitize("cannot resolve host " + host));
        }
        for (InetAddress address : addresses) {
            if (isThisMachine(address)) {
                if (!allowLoopback) {
                    throw refused(url, host, "it is this machine's own address"
                            + " (set mcp.oauth.allow-loopback=true to allow loopback)");
                }
            } else if (!allowPrivateNetwork && isNonPublic(address)) {
                throw refused(url, host, "it resolves to a private, link-local or reserved address"
                        + " (set mcp.oauth.allow-private-network=true to allow this)");
            }
        }
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
        return new McpOAuthException(Code.INVALID_REQUEST, ErrorText.sanitize(
                "Refusing to connect to " + (host.isEmpty() ? String.valueOf(url.getScheme()) + " URL" : host) + ": " + why));
    }

    /** Loopback or unspecified, also as IPv4 inside IPv6: connecting there reaches this machine. */
    static boolean isThisMachine(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        if (address instanceof Inet4Address) {
            return false;
        }
        byte[] embedded = embeddedIpv4(address.getAddress());
        return embedded != null && (embedded[0] & 0xff) == 127;
    }

    static boolean isNonPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isNonPublicV4(b);
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // fc00::/7 unique local
            }
            byte[] embedded = embeddedIpv4(b);
            if (embedded != null) {
                try {
                    InetAddress v4 = InetAddress.getByAddress(embedded);
                    return v4.isLoopbackAddress() || isNonPublic(v4);
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isNonPublicV4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 // "this network", 0.0.0.0/8
                || first == 10
                || (first == 100 && second >= 64 && second <= 127) // CGNAT 100.64/10
                || (first == 169 && second == 254)
                || (first == 172 && second >= 16 && second <= 31)
                || (first == 192 && second == 168)
                || first >= 224; // multicast, reserved, broadcast
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address, else null. */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean firstTenZero = Arrays.equals(Arrays.copyOfRange(b, 0, 10), new byte[10]);
        boolean mapped = firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0
                && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0); // not :: or ::1
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8]);
        return mapped || compatible || nat64 ? Arrays.copyOfRange(b, 12, 16) : null;
    }
}
