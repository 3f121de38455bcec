package io.github.mcpoauth.internal.oauth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.RawHttpServer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A metadata or token server that sends its headers at once and then its body one byte at a time
 * ({@code HttpRequest.timeout} is then long over) is cut off: at the exchange's deadline, or
 * sooner when the body is slower than the minimum transfer rate. The error is clear and quotes
 * nothing of the body, and the connection is closed rather than left to drain.
 */
class OAuthHttpDeadlineTest {

    private static final String SECRET = "SECRET-BODY";

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final RawHttpServer dribbling = RawHttpServer.start(OAuthHttpDeadlineTest::dribble);

    @AfterEach
    void close() {
        dribbling.close();
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    /** A JSON body announced as 100,000 bytes, sent at some 5 bytes a second. */
    private static void dribble(String requestLine, OutputStream out) throws java.io.IOException, InterruptedException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(("{\"x\":\"" + SECRET).getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 100_000; i++) {
            out.write(' ');
            Thread.sleep(200);
        }
    }

    private OAuthHttp http(Duration timeout, long minTransferRate) {
        return new OAuthHttp(Fixture.HTTP, new UrlGuard(false, true), timeout, minTransferRate, workers, scheduler);
    }

    @Test
    void aSlowMetadataBodyIsCutOffAtTheDeadline() {
        long started = System.nanoTime();
        McpOAuthException e = Fixture.failure(http(Duration.ofSeconds(1), 0)
                .getJsonObject(dribbling.url("/.well-known/oauth-protected-resource")), Code.TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(e.getMessage().contains("127.0.0.1 did not answer within 1s"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(took.compareTo(Duration.ofMillis(2_500)) < 0, "ended " + took + " after it started");
        Await.until(Duration.ofSeconds(5), "the server to see its connection closed", () -> dribbling.closedByClient() == 1);
    }

    @Test
    void aTokenBodySlowerThanTheMinimumRateIsCutOffBeforeTheDeadline() {
        long started = System.nanoTime();
        CompletableFuture<?> exchange = http(Duration.ofSeconds(30), 1024)
                .send(new HTTPRequest(HTTPRequest.Method.POST, dribbling.url("/token")));
        McpOAuthException e = Fixture.failure(exchange, Code.TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(e.getMessage().contains("127.0.0.1 sent its body too slowly"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        long window = BoundedBodySubscriber.RATE_WINDOW_MILLIS;
        assertTrue(took.toMillis() >= window && took.toMillis() < window + 2_500, "ended " + took + " after it started");
        Await.until(Duration.ofSeconds(5), "the server to see its connection closed", () -> dribbling.closedByClient() == 1);
    }
}
