package io.github.mcpoauth.internal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the tunnel makes of the JDK's proxy requests, and of the answers to plain ones. */
class ProxyRequestTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void anAbsoluteRequestLeavesInOriginFormClosingWithoutItsHopByHopHeaders() {
        ProxyRequest request = ProxyRequest.parse(bytes("POST http://mcp.example:8080/a/b?c=d HTTP/1.1\r\n"
                + "Connection: Upgrade, HTTP2-Settings\r\nContent-Length: 2\r\nHost: mcp.example:8080\r\n"
                + "HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\nUpgrade: h2c\r\nAuthorization: Bearer t\r\n\r\n"));

        assertFalse(request.connect());
        assertEquals("mcp.example", request.host());
        assertEquals(8080, request.port());
        assertEquals("POST /a/b?c=d HTTP/1.1\r\nContent-Length: 2\r\nHost: mcp.example:8080\r\nAuthorization: Bearer t\r\n"
                + "Connection: close\r\n\r\n", new String(request.forward(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void connectNamesHostAndPortAndForwardsNothing() {
        ProxyRequest v6 = ProxyRequest.parse(bytes("CONNECT [2001:db8::1]:8443 HTTP/1.1\r\nHost: [2001:db8::1]:8443\r\n\r\n"));
        assertTrue(v6.connect());
        assertEquals("2001:db8::1", v6.host());
        assertEquals(8443, v6.port());
        assertEquals(0, v6.forward().length);
        assertEquals(80, ProxyRequest.parse(bytes("GET http://h.example HTTP/1.1\r\n\r\n")).port());
    }

    @Test
    void anythingElseIsRefused() {
        for (String head : new String[] {"GET / HTTP/1.1\r\n\r\n", "CONNECT host HTTP/1.1\r\n\r\n",
                "CONNECT user@host:443 HTTP/1.1\r\n\r\n", "CONNECT host:443/x HTTP/1.1\r\n\r\n",
                "GET http://user@h.example/ HTTP/1.1\r\n\r\n", "GET https://h.example/ HTTP/1.1\r\n\r\n",
                "GET http://h.example/ HTTP/2\r\n\r\n", "GET http://h.example/ HTTP/1.1\r\n folded\r\n\r\n",
                "POST http://h.example/ HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
                "POST http://h.example/ HTTP/1.1\r\nTransfer-Encoding: identity\r\n\r\n"}) {
            assertThrows(IllegalArgumentException.class, () -> ProxyRequest.parse(bytes(head)), head);
        }
    }

    @Test
    void theFinalAnswerClosesTheConnectionInterimOnesPassAndUpgradesAreRefused() {
        assertEquals(ResponseHead.Kind.INTERIM, ResponseHead.kind(bytes("HTTP/1.1 103 Early Hints\r\n\r\n")));
        assertEquals(ResponseHead.Kind.REFUSED, ResponseHead.kind(bytes("HTTP/1.1 101 Switching Protocols\r\n\r\n")));
        assertEquals(ResponseHead.Kind.REFUSED, ResponseHead.kind(bytes("SSH-2.0-OpenSSH\r\n\r\n")));
        assertEquals(ResponseHead.Kind.FINAL, ResponseHead.kind(bytes("HTTP/1.1 200 OK\r\n\r\n")));
        assertArrayEquals(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n"),
                ResponseHead.closing(bytes("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
                        + "Content-Length: 2\r\n\r\n")));
    }
}
