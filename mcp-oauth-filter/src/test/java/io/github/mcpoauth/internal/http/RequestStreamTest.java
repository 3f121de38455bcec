package io.github.mcpoauth.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The requests on a kept-alive plain-http tunnel connection: each head leaves in origin form,
 * bodies pass whole whether sized or chunked and in whatever pieces they arrive, and what names
 * another origin or is framed unclearly is refused.
 */
class RequestStreamTest {

    private static String through(RequestStream stream, String... pieces) {
        StringBuilder out = new StringBuilder();
        for (String piece : pieces) {
            ByteBuffer sent = stream.next(ByteBuffer.wrap(piece.getBytes(StandardCharsets.ISO_8859_1)));
            out.append(StandardCharsets.ISO_8859_1.decode(sent));
        }
        return out.toString();
    }

    @Test
    void headsLeaveInOriginFormAndBodiesPassWholeSizedOrChunkedInAnyPieces() {
        String sized = "POST http://Mcp.Example:8080/mcp HTTP/1.1\r\nContent-Length: 5\r\nHost: mcp.example:8080\r\n\r\n"
                + "{\"a\"}";
        String chunked = "POST http://mcp.example:8080/token HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n";
        String get = "GET http://mcp.example:8080/ HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n";
        String expected = "POST /mcp HTTP/1.1\r\nContent-Length: 5\r\nHost: mcp.example:8080\r\n\r\n{\"a\"}"
                + "POST /token HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n"
                + "GET / HTTP/1.1\r\n\r\n";
        String all = sized + chunked + get;

        RequestStream whole = new RequestStream("mcp.example", 8080);
        assertFalse(whole.begun());
        assertEquals(expected, through(whole, all));
        assertTrue(whole.begun());

        for (int size : new int[] {1, 2, 7, 64}) {
            RequestStream stream = new RequestStream("MCP.example", 8080);
            String[] pieces = new String[(all.length() + size - 1) / size];
            for (int i = 0; i < pieces.length; i++) {
                pieces[i] = all.substring(i * size, Math.min(all.length(), (i + 1) * size));
            }
            assertEquals(expected, through(stream, pieces), "in pieces of " + size);
        }
    }

    @Test
    void nothingIsSentBeforeTheFirstHeadIsWhole() {
        RequestStream stream = new RequestStream("mcp.example", 80);
        assertEquals("", through(stream, "GET http://mcp.example/ HTTP/1.1\r\nHost: mcp.exa"));
        assertFalse(stream.begun());
        assertEquals("GET / HTTP/1.1\r\nHost: mcp.example\r\n\r\n", through(stream, "mple\r\n\r\n"));
        assertTrue(stream.begun());
    }

    @Test
    void anotherOriginOrUnclearFramingIsRefused() {
        String first = "GET http://a.example/ HTTP/1.1\r\n\r\n";
        for (String next : new String[] {
                "GET http://b.example/ HTTP/1.1\r\n\r\n",
                "GET http://a.example:81/ HTTP/1.1\r\n\r\n",
                "CONNECT a.example:80 HTTP/1.1\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n",
                "POST http://a.example/ HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n",
                "POST http://a.example/ HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n",
                "POST http://a.example/ HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
                "POST http://a.example/ HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                "POST http://a.example/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "POST http://a.example/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
                "POST http://a.example/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\nab\r\n"}) {
            RequestStream stream = new RequestStream("a.example", 80);
            assertEquals("GET / HTTP/1.1\r\n\r\n", through(stream, first));
            assertThrows(IllegalArgumentException.class, () -> through(stream, next), next);
        }
    }

    @Test
    void aHeadWithoutEndIsCutOffAtTheLimit() {
        RequestStream stream = new RequestStream("a.example", 80);
        String endless = "GET http://a.example/ HTTP/1.1\r\nX: " + "x".repeat(ProxyRequest.MAX_HEAD);
        assertThrows(IllegalArgumentException.class, () -> through(stream, endless));
    }
}
