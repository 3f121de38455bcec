package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What resuming an event stream needs, read as the HTML event-stream format defines it. */
class EventStreamScanTest {

    private static int feed(EventStreamScan scan, String text) {
        return scan.scan(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theLastDispatchedIdAndRetryCountWhateverTheLineEnds() {
        EventStreamScan scan = new EventStreamScan();
        feed(scan, "id: a\r\nretry: 250\r\ndata:\r\n\r");
        feed(scan, "\nid:b\rdata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\r\r");

        assertEquals("b", scan.lastEventId());
        assertEquals(250, scan.retryMillis());
        assertEquals(2, scan.events());
        assertTrue(scan.atBoundary());
        assertFalse(scan.answered(), "a notification is no answer");
    }

    @Test
    void anIdIsOnlyTakenOnceItsEventEndsAndABadRetryIsIgnored() {
        EventStreamScan scan = new EventStreamScan();
        feed(scan, "retry: soon\nid: x\ndata: 1");

        assertNull(scan.lastEventId());
        assertEquals(-1, scan.retryMillis());
        assertFalse(scan.atBoundary(), "an event was started and not ended");
    }

    @Test
    void theEndOfTheEventCarryingAResponseIsFound() {
        EventStreamScan scan = new EventStreamScan();
        String before = "id: 1\ndata: \n\n";
        String answer = "id: 2\ndata: {\"jsonrpc\":\"2.0\",\n"
                + "data: \"id\":5,\"result\":{}}\n\n";

        int end = feed(scan, before + answer + "id: 3\ndata: x\n\n");

        assertEquals((before + answer).length(), end);
        assertTrue(scan.answered());
    }
}
