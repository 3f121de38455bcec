package io.github.mcpoauth.web;

import static io.github.mcpoauth.web.WebClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.testsupport.Closing;
import io.github.mcpoauth.testsupport.ElicitingTool;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Elicitation through the drop-in in a real container: a server's question during a tool call
 * reaches its owner's WebSocket, is answered over REST (origin-checked, owner-checked, validated),
 * and the tool call completes with the answer; another owner's socket never sees it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ElicitationContract {

    static final String API = "/app/mcp-client";

    TestMcpServer mcp;
    Container container;
    final ExecutorService caller = Executors.newSingleThreadExecutor();

    abstract Container newContainer();

    @BeforeAll
    void deploy() throws Exception {
        mcp = TestMcpServer.builder().start();
        mcp.addTool(ElicitingTool.spec());
        container = newContainer();
        container.start(WarDirectory.build(getClass().getSimpleName()), Map.of(
                "/app", Map.of("mcp.oauth.store", "memory", "mcp.oauth.allow-loopback", "true")));
    }

    @AfterAll
    void undeploy() throws Exception {
        caller.shutdownNow();
        Closing.all(container, mcp);
    }

    private WebClient browserSession() {
        WebClient client = new WebClient(container.origin(), container.origin() + API);
        assertEquals(200, client.get("/servers").statusCode());
        return client;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> elicitations(Map<String, Object> mcp) {
        return (List<Map<String, Object>>) mcp.get("elicitations");
    }

    @Test
    void aQuestionReachesItsOwnerIsAnsweredOverRestAndTheToolCallCompletes() throws Exception {
        WebClient alice = browserSession();
        WebClient bob = browserSession();
        try (SocketProbe aliceSocket = alice.socket(); SocketProbe bobSocket = bob.socket()) {
            HttpResponse<String> added = alice.post("/servers", Map.of("name", "asker", "url", mcp.url()));
            assertEquals(201, added.statusCode(), added.body());
            String serverId = (String) json(added).get("id");
            aliceSocket.await(m -> "ready".equals(SocketProbe.stateOf(m, serverId)), 20);

            CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(
                    () -> alice.post("/servers/" + serverId + "/tools/" + ElicitingTool.NAME, Map.of()), caller);
            Map<String, Object> asked = elicitations(aliceSocket.await(m -> !elicitations(m).isEmpty(), 20)).get(0);
            String id = (String) asked.get("id");
            assertEquals("form", asked.get("mode"));
            assertEquals(serverId, asked.get("serverId"));
            assertEquals(ElicitingTool.MESSAGE, asked.get("message"));
            assertTrue(asked.get("requestedSchema") instanceof Map<?, ?>, asked.toString());
            assertTrue(asked.get("expiresAt") instanceof String e && e.endsWith("Z"), "ISO-8601 instants: " + asked);
            assertEquals(List.of(asked), WebClient.jsonList(alice.get("/elicitations")));

            // another owner: not listed, not answerable, never pushed
            assertEquals(List.of(), WebClient.jsonList(bob.get("/elicitations")));
            assertTrue(elicitations(json(bob.get("/servers"))).isEmpty());
            assertEquals(404, bob.post("/elicitations/" + id, Map.of("action", "decline")).statusCode());

            // CSRF: no origin, or a foreign one, is refused before anything is answered
            assertEquals(403, alice.post("/elicitations/" + id, Map.of("action", "decline"), null).statusCode());
            assertEquals(403, alice.post("/elicitations/" + id, Map.of("action", "decline"), "https://evil.example")
                    .statusCode());

            // bad input: a clear 400, and nothing is lost
            HttpResponse<String> badField = alice.post("/elicitations/" + id,
                    Map.of("action", "accept", "content", Map.of("name", "Ada", "age", "old")));
            assertEquals(400, badField.statusCode(), badField.body());
            assertTrue(((String) ((Map<?, ?>) json(badField).get("error")).get("message")).contains("age"), badField.body());
            assertEquals(400, alice.post("/elicitations/" + id, Map.of("action", "maybe")).statusCode());
            assertEquals(400, alice.post("/elicitations/" + id, Map.of("action", "accept", "content", "Ada")).statusCode());
            assertEquals(400, alice.post("/elicitations/" + id,
                    Map.of("action", "decline", "content", Map.of("name", "Ada"))).statusCode());
            assertEquals(405, alice.delete("/elicitations/" + id).statusCode());
            assertEquals(List.of(asked), WebClient.jsonList(alice.get("/elicitations")));
            assertTrue(!call.isDone());

            HttpResponse<String> answered = alice.post("/elicitations/" + id,
                    Map.of("action", "accept", "content", Map.of("name", "Ada")));
            assertEquals(200, answered.statusCode(), answered.body());
            assertEquals(Map.of("id", id, "action", "accept"), json(answered));

            HttpResponse<String> result = call.get(20, TimeUnit.SECONDS);
            assertEquals(200, result.statusCode(), result.body());
            assertTrue(result.body().contains("accept {") && result.body().contains("name=Ada")
                    && result.body().contains("age=30"), result.body());
            aliceSocket.await(m -> elicitations(m).isEmpty(), 10);
            assertEquals(404, alice.post("/elicitations/" + id, Map.of("action", "decline")).statusCode());

            // pushes run in order: bob's own change reaches his socket after anything of alice's would have
            assertEquals(201, bob.post("/servers", Map.of("name", "bobs", "url", mcp.url())).statusCode());
            bobSocket.awaitNeverSeeing(id, m -> !SocketProbe.servers(m).isEmpty(), 20);
        }
    }

    @Test
    void servesTheElicitationScript() {
        HttpResponse<String> script = browserSession().get("/mcp-elicitation.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
        assertTrue(script.body().contains("export function renderElicitation"));
    }
}
