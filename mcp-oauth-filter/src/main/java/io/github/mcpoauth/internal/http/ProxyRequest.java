package io.github.mcpoauth.internal.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the JDK's client asks its proxy, the {@link ConnectTunnel}: a {@code CONNECT host:port}
 * (RFC 9110 section 9.3.6) for https, or, for plain http, a request in absolute form (RFC 9112
 * section 3.2.2). The second is passed on in origin form: many servers still mishandle the absolute
 * form although they must accept it (uvicorn routes on the whole URL, Hono's Node adapter answers
 * 400). On the tunnel's shared listener it leaves with {@code Connection: close}: one request per
 * connection keeps the JDK, which pools proxied plain connections by proxy alone, from sending
 * another host's request down a connection that is pinned to this one. On a listener of one origin
 * ({@link RequestStream}) the connection stays open instead. Hop-by-hop headers, an h2c upgrade
 * among them, are dropped.
 *
 * @param forward the head to send upstream: empty for CONNECT
 * @param body how the request's body is delimited (RFC 9112 section 6.3): its length, 0 for none,
 *     or {@link #CHUNKED}
 */
record ProxyRequest(boolean connect, String host, int port, byte[] forward, long body) {

    /** {@link #body()} of a request whose body is chunked. */
    static final long CHUNKED = -1;

    /** The longest head accepted; the JDK's heads carry a bearer token and a few custom headers. */
    static final int MAX_HEAD = 32 * 1024;

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+:[^\r\n]*");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authorization", "proxy-authenticate", "te", "trailer", "upgrade", "http2-settings");

    /** Where the head in {@code bytes[0, length)} ends (just after its empty line), or -1. */
    static int headEnd(byte[] bytes, int length) {
        for (int i = 3; i < length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Parses a head that ends with its empty line; anything but the two forms above is refused. */
    static ProxyRequest parse(byte[] head) {
        return parse(head, true);
    }

    /**
     * As {@link #parse(byte[])}; with {@code closing} false an absolute request leaves without
     * {@code Connection: close}, for a connection kept alive.
     */
    static ProxyRequest parse(byte[] head, boolean closing) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        List<String> lines = text.substring(0, text.length() - 4).lines().toList();
        String[] line = lines.get(0).split(" ", -1);
        if (line.length != 3 || !TOKEN.matcher(line[0]).matches() || !line[2].matches("HTTP/1\\.[01]")) {
            throw new IllegalArgumentException("not an HTTP/1.1 request line");
        }
        List<String> headers = lines.subList(1, lines.size());
        if (!headers.stream().allMatch(h -> HEADER.matcher(h).matches())) {
            throw new IllegalArgumentException("a malformed header line");
        }
        if (line[0].equals("CONNECT")) {
            URI authority = URI.create("//" + line[1]);
            if (authority.getHost() == null || authority.getPort() < 1 || authority.getRawUserInfo() != null
                    || !authority.getRawPath().isEmpty() || authority.getRawQuery() != null
                    || authority.getRawFragment() != null) {
                throw new IllegalArgumentException("CONNECT needs host:port");
            }
            return new ProxyRequest(true, bare(authority.getHost()), authority.getPort(), new byte[0], 0);
        }
        URI target = URI.create(line[1]);
        if (!"http".equals(target.getScheme()) || target.getHost() == null || target.getRawUserInfo() != null) {
            throw new IllegalArgumentException("only CONNECT and absolute http requests are served");
        }
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        String query = target.getRawQuery() == null ? "" : "?" + target.getRawQuery();
        StringBuilder forward = new StringBuilder(head.length).append(line[0]).append(' ').append(path).append(query)
                .append(" HTTP/1.1\r\n");
        Set<String> dropped = droppedHeaders(headers);
        for (String header : headers) {
            if (!dropped.contains(name(header))) {
                forward.append(header).append("\r\n");
            }
        }
        forward.append(closing ? "Connection: close\r\n\r\n" : "\r\n");
        return new ProxyRequest(false, bare(target.getHost()), target.getPort() < 0 ? 80 : target.getPort(),
                forward.toString().getBytes(StandardCharsets.ISO_8859_1), framing(headers));
    }

    /**
     * How the body is delimited. What two parties could read differently, the root of request
     * smuggling (RFC 9112 section 11.2), is refused: a transfer coding other than chunked alone, a
     * Content-Length beside it, Content-Lengths that differ or are not a number.
     */
    static long framing(List<String> headers) {
        long length = 0;
        boolean lengthSeen = false;
        boolean chunked = false;
        for (String header : headers) {
            String name = name(header);
            String value = header.substring(header.indexOf(':') + 1).strip();
            if (name.equals("transfer-encoding")) {
                if (chunked || !value.equalsIgnoreCase("chunked")) {
                    throw new IllegalArgumentException("a transfer coding the tunnel does not pass on");
                }
                chunked = true;
            } else if (name.equals("content-length")) {
                if (!value.matches("\\d{1,15}") || (lengthSeen && Long.parseLong(value) != length)) {
                    throw new IllegalArgumentException("an unclear Content-Length");
                }
                length = Long.parseLong(value);
                lengthSeen = true;
            }
        }
        if (chunked && lengthSeen) {
            throw new IllegalArgumentException("both Content-Length and Transfer-Encoding");
        }
        return chunked ? CHUNKED : length;
    }

    /** The hop-by-hop headers, and those a Connection header names (RFC 9110 section 7.6.1). */
    static Set<String> droppedHeaders(List<String> headers) {
        Set<String> dropped = new HashSet<>(HOP_BY_HOP);
        for (String header : headers) {
            if (name(header).equals("connection")) {
                for (String option : header.substring(header.indexOf(':') + 1).split(",")) {
                    dropped.add(option.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return dropped;
    }

    static String name(String header) {
        return header.substring(0, header.indexOf(':')).toLowerCase(Locale.ROOT);
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
