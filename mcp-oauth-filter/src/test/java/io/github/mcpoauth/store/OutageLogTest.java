package io.github.mcpoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.LogCapture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An outage is a WARN when it starts, a reminder at most once per interval with a count, an INFO when it ends. */
class OutageLogTest {

    private final AtomicLong nanos = new AtomicLong();
    private final OutageLog outage = new OutageLog(LoggerFactory.getLogger(OutageLogTest.class), "Test database",
            Duration.ofMinutes(1), nanos::get);

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            outage.failed("could not read (connection refused)", new IOException("connection refused"));
        }
    }

    @Test
    void anOutageIsAFewLinesHoweverManyCallsFail() {
        List<String> lines;
        try (LogCapture log = LogCapture.start()) {
            outage.succeeded();
            fail(500);
            nanos.addAndGet(Duration.ofSeconds(59).toNanos());
            fail(100);
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            fail(1);
            fail(300);
            assertTrue(outage.ongoing());
            nanos.addAndGet(Duration.ofSeconds(20).toNanos());
            outage.succeeded();
            outage.succeeded();
            assertEquals(List.of(), log.stackTraceLines(), log.text());
            lines = log.lines().stream().filter(l -> l.contains("Test database")).toList();
        }

        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("WARN") && lines.get(0).endsWith(
                "Test database is unavailable: could not read (connection refused)"), lines.get(0));
        assertTrue(lines.get(1).contains("WARN") && lines.get(1).endsWith(
                "Test database is still unavailable after 60 s: 600 more failed calls (last: could not read (connection refused))"),
                lines.get(1));
        assertTrue(lines.get(2).contains("INFO") && lines.get(2).endsWith(
                "Test database is available again after 80 s (901 failed calls)"), lines.get(2));
        assertFalse(outage.ongoing());
    }

    @Test
    void theNextOutageStartsAfresh() {
        try (LogCapture log = LogCapture.start()) {
            fail(3);
            outage.succeeded();
            fail(2);
            outage.succeeded();
            List<String> lines = log.lines().stream().filter(l -> l.contains("Test database")).toList();
            assertEquals(4, lines.size(), String.join("\n", lines));
            assertTrue(lines.get(3).endsWith("(2 failed calls)"), lines.get(3));
        }
    }

    @Test
    void sinceIsWhenTheOngoingOutageStartedAndEmptyOtherwise() {
        try (LogCapture log = LogCapture.start()) {
            assertTrue(outage.since().isEmpty());
            java.time.Instant before = java.time.Instant.now();
            fail(1);
            java.time.Instant after = java.time.Instant.now();
            nanos.addAndGet(Duration.ofSeconds(90).toNanos());
            fail(1);
            java.time.Instant since = outage.since().orElseThrow();
            assertTrue(!since.isBefore(before) && !since.isAfter(after), "the first failure, not the last: " + since);
            outage.succeeded();
            assertTrue(outage.since().isEmpty());
            fail(1);
            assertFalse(outage.since().orElseThrow().isBefore(after), "a new outage starts afresh");
        }
    }
}
