package io.github.mcpoauth.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The head of a plain http answer on its way back through the {@link ConnectTunnel}: the final one
 * gets {@code Connection: close} (replacing the upstream's hop-by-hop headers), so that the JDK's
 * client closes the connection after it and never sends a second request down a tunnel pinned to
 * another host (see {@link ProxyRequest}). Interim answers (1xx) pass unchanged, and a
 * {@code 101 Switching Protocols}, which nothing asked for, ends the connection.
 */
final class ResponseHead {

    /** What to do with one head. */
    enum Kind { INTERIM, FINAL, REFUSED }

    private ResponseHead() {
    }

    static Kind kind(byte[] head) {
        String status = new String(head, 0, Math.min(head.length, 16), StandardCharsets.ISO_8859_1);
        if (!status.matches("HTTP/1\\.[01] [1-5][0-9][0-9](?s:.*)")) {
            return Kind.REFUSED;
        }
        if (status.charAt(9) != '1') {
            return Kind.FINAL;
        }
        return status.startsWith("101", 9) ? Kind.REFUSED : Kind.INTERIM;
    }

    /** A final head (ending with its empty line) that closes the connection after its body. */
    static byte[] closing(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        List<String> lines = text.substring(0, text.length() - 4).lines().toList();
        List<String> headers = lines.subList(1, lines.size()).stream().filter(h -> h.indexOf(':') > 0).toList();
        Set<String> dropped = ProxyRequest.droppedHeaders(headers);
        StringBuilder out = new StringBuilder(head.length + 20).append(lines.get(0)).append("\r\n");
        for (String header : headers) {
            if (!dropped.contains(ProxyRequest.name(header))) {
                out.append(header).append("\r\n");
            }
        }
        return out.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
