package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.mcpoauth.testsupport.TestClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A session's listening GET to an endpoint that answered 405 lately is answered at once, for every
 * owner, without a request; anything else about the endpoint is asked again.
 */
class KnownStreamRefusalsTest {

    private final TestClock clock = TestClock.startingNow();
    private final KnownStreamRefusals refusals = new KnownStreamRefusals(clock);
    private final ExecutorService serverThreads = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient jdk = HttpClient.newBuilder().executor(serverThreads).build();
    private final AtomicInteger gets = new AtomicInteger();
    private volatile int getStatus = 405;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        serverThreads.shutdownNow();
        scheduler.shutdownNow();
    }

    @Test
    void a405IsKeptForFiveMinutesAndAnEventStreamOrAForgetDropsIt() {
        URI url = URI.create("https://mcp.example/mcp");
        refusals.answered(url, true, 405);
        assertEquals(OptionalInt.of(405), refusals.refusal(url, true));
        assertEquals(OptionalInt.of(405), refusals.refusal(url, false));
        clock.advance(KnownChallenges.TTL.minusSeconds(1));
        assertEquals(OptionalInt.of(405), refusals.refusal(url, true));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(OptionalInt.empty(), refusals.refusal(url, true), "asked again after five minutes");

        refusals.answered(url, true, 405);
        refusals.answered(url, true, 401);
        refusals.answered(url, true, 503);
        assertEquals(OptionalInt.of(405), refusals.refusal(url, true), "a failure says nothing about the stream");
        refusals.answered(url, true, 200);
        assertEquals(OptionalInt.empty(), refusals.refusal(url, true), "the endpoint offers a stream now");

        refusals.answered(url, true, 405);
        refusals.forget(url);
        assertEquals(OptionalInt.empty(), refusals.refusal(url, true));
    }

    @Test
    void a404RefusesOnlyWhenNoSessionWasNamedSinceOtherwiseItSaysThatSessionIsGone() {
        URI url = URI.create("https://mcp.example/mcp");
        refusals.answered(url, true, 404);
        assertEquals(OptionalInt.empty(), refusals.refusal(url, false), "a lost session is not a refusal");

        refusals.answered(url, false, 404);
        assertEquals(OptionalInt.of(404), refusals.refusal(url, false));
        assertEquals(OptionalInt.empty(), refusals.refusal(url, true), "a GET naming a session is asked");
    }

    @Test
    void theLocalAnswerIsTheRefusalWithoutHeadersOrBodyThroughTheCallersHandler() throws Exception {
        HttpRequest get = listening(URI.create("https://mcp.example/mcp")).build();

        HttpResponse<String> answer = KnownStreamRefusals.answer(get, 405, HttpResponse.BodyHandlers.ofString())
                .get(1, TimeUnit.SECONDS);

        assertEquals(405, answer.statusCode());
        assertEquals("", answer.body());
        assertTrue(answer.headers().map().isEmpty());
        assertEquals(get.uri(), answer.uri());
        assertEquals(get, answer.request());
    }

    @Test
    void anotherOwnersListeningGetIsAnsweredWithoutARequestOnceTheEndpointRefusedOne() throws Exception {
        URI url = serve();

        assertEquals(405, send(client("alice", url, refusals), listening(url)).get(10, TimeUnit.SECONDS).statusCode());
        assertEquals(1, gets.get());

        CompletableFuture<HttpResponse<String>> bobs = send(client("bob", url, refusals), listening(url));
        assertTrue(bobs.isDone(), "answered at once");
        assertEquals(405, bobs.get().statusCode());
        assertEquals(1, gets.get(), "bob's GET never left");
    }

    @Test
    void aResumptionAnOwnersOwnHeadersAndAnExpiredRefusalStillAskTheServer() throws Exception {
        URI url = serve();
        send(client("alice", url, refusals), listening(url)).get(10, TimeUnit.SECONDS);

        send(client("bob", url, refusals), listening(url).header("Last-Event-ID", "7")).get(10, TimeUnit.SECONDS);
        assertEquals(2, gets.get(), "a resumption is sent");
        send(client("carol", url, null), listening(url)).get(10, TimeUnit.SECONDS);
        assertEquals(3, gets.get(), "a transport with headers of its own asks");
        clock.advance(KnownChallenges.TTL);
        send(client("dave", url, refusals), listening(url)).get(10, TimeUnit.SECONDS);
        assertEquals(4, gets.get(), "an expired refusal is asked again");
    }

    @Test
    void anEndpointThatOffersAStreamIsAskedEveryTime() throws Exception {
        URI url = serve();
        getStatus = 202;

        for (int i = 1; i <= 3; i++) {
            assertEquals(202, send(client("owner-" + i, url, refusals), listening(url)).get(10, TimeUnit.SECONDS)
                    .statusCode());
            assertEquals(i, gets.get());
        }
        assertEquals(OptionalInt.empty(), refusals.refusal(url, true));
    }

    @Test
    void aSessionlessServerWithoutAGetRouteIsNotAskedAgain() throws Exception {
        URI url = serve();
        getStatus = 404;

        assertEquals(404, send(client("alice", url, refusals), sessionless(url)).get(10, TimeUnit.SECONDS).statusCode());
        CompletableFuture<HttpResponse<String>> bobs = send(client("bob", url, refusals), sessionless(url));

        assertTrue(bobs.isDone(), "answered at once");
        assertEquals(404, bobs.get().statusCode());
        assertEquals(1, gets.get());
        send(client("carol", url, refusals), listening(url)).get(10, TimeUnit.SECONDS);
        assertEquals(2, gets.get(), "a GET naming a session is asked");
    }

    private CheckedHttpClient client(String owner, URI url, KnownStreamRefusals known) {
        return new CheckedHttpClient(jdk, Permits.forRequests(4, 4, Duration.ofSeconds(5), scheduler), owner, 1 << 20,
                true, new CheckedHttpClient.Streamable(scheduler, Duration.ofSeconds(30), url, known));
    }

    /** A session's listening GET, naming its session. */
    private static HttpRequest.Builder listening(URI url) {
        return sessionless(url).header("Mcp-Session-Id", "s-1");
    }

    /** The listening GET of a session the server gave no id. */
    private static HttpRequest.Builder sessionless(URI url) {
        return HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).header("Accept", "text/event-stream").GET();
    }

    private static CompletableFuture<HttpResponse<String>> send(CheckedHttpClient client, HttpRequest.Builder request) {
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Counts GETs and answers each with {@link #getStatus} and no body. */
    private URI serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/mcp", exchange -> {
            try (exchange) {
                gets.incrementAndGet();
                exchange.sendResponseHeaders(getStatus, -1);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }
}
