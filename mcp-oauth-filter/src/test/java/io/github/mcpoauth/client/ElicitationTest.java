package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.ElicitingTool;
import io.github.mcpoauth.testsupport.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Elicitation end to end: a real MCP Java SDK server on loopback whose tool {@link ElicitingTool}
 * sends {@code elicitation/create} and reports the client's answer, and the module's manager in between.
 */
class ElicitationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private TestMcpServer server;
    private ClientHarness harness;

    @BeforeEach
    void start() {
        server = TestMcpServer.builder().start();
        server.addTool(ElicitingTool.spec());
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        server.close();
    }

    private String addServer(McpClientManager manager) {
        AddServerResult added = manager.addMcpServer("asker", server.url());
        assertEquals(ConnectionState.READY, added.state());
        return added.id();
    }

    private static CompletableFuture<McpSchema.CallToolResult> ask(McpClientManager m, String id, Map<String, Object> args) {
        return m.callToolAsync(id, "ask", args);
    }

    private static String text(CompletableFuture<McpSchema.CallToolResult> call) throws Exception {
        return ((McpSchema.TextContent) call.get(WAIT.toSeconds(), TimeUnit.SECONDS).content().get(0)).text();
    }

    private static PendingElicitation awaitPending(McpClientManager manager) {
        Await.until(WAIT, "a pending elicitation", () -> !manager.getMcpServers().elicitations().isEmpty());
        return manager.getMcpServers().elicitations().get(0);
    }

    @Test
    void aFormWaitsInTheOwnersStateAndAnAcceptedAnswerGetsTheSchemaDefaults() throws Exception {
        harness = ClientHarness.withDefaults();
        McpClientManager alice = harness.manager("alice");
        String id = addServer(alice);
        List<String> changes = new CopyOnWriteArrayList<>();
        alice.onServerStateChanged((owner, serverId) -> changes.add(owner + "/" + serverId));
        CompletableFuture<McpSchema.CallToolResult> call = ask(alice, id, Map.of());

        PendingElicitation pending = awaitPending(alice);
        assertEquals(PendingElicitation.FORM, pending.mode());
        assertEquals(id, pending.serverId());
        assertEquals("Who are you?", pending.message());
        assertEquals(ElicitingTool.SCHEMA.get("properties"), pending.requestedSchema().get("properties"));
        assertTrue(pending.expiresAt().isAfter(pending.createdAt()));
        assertTrue(changes.contains("alice/" + id), "the owner's listeners hear of it (the WebSocket pushes it)");
        assertFalse(call.isDone());

        alice.answerElicitation(pending.id(), ElicitationAnswer.accept(Map.of("name", "Ada", "color", "red")));

        String answer = text(call);
        assertTrue(answer.startsWith("accept "), answer);
        assertTrue(answer.contains("name=Ada") && answer.contains("color=red"), answer);
        assertTrue(answer.contains("age=30") && answer.contains("verified=true"), "defaults applied: " + answer);
        Await.until(WAIT, "the answered elicitation to leave the state", () -> alice.getMcpServers().elicitations().isEmpty());
    }

    @Test
    void anInvalidAnswerNamesTheFieldAndTheElicitationStaysPending() throws Exception {
        harness = ClientHarness.withDefaults();
        McpClientManager alice = harness.manager("alice");
        CompletableFuture<McpSchema.CallToolResult> call = ask(alice, addServer(alice), Map.of());
        PendingElicitation pending = awaitPending(alice);

        McpOAuthException wrongType = assertThrows(McpOAuthException.class, () -> alice.answerElicitation(pending.id(),
                ElicitationAnswer.accept(Map.of("name", "Ada", "age", "old"))));
        assertEquals(McpOAuthException.Code.INVALID_REQUEST, wrongType.code());
        assertTrue(wrongType.getMessage().contains("age"), wrongType.getMessage());
        McpOAuthException missing = assertThrows(McpOAuthException.class, () -> alice.answerElicitation(pending.id(),
                ElicitationAnswer.accept(Map.of("age", 3))));
        assertTrue(missing.getMessage().contains("name"), missing.getMessage());
        McpOAuthException notInEnum = assertThrows(McpOAuthException.class, () -> alice.answerElicitation(pending.id(),
                ElicitationAnswer.accept(Map.of("name", "Ada", "color", "green"))));
        assertTrue(notInEnum.getMessage().contains("color"), notInEnum.getMessage());
        assertThrows(McpOAuthException.class, () -> alice.answerElicitation(pending.id(),
                ElicitationAnswer.accept(Map.of("name", "Ada", "age", -1))));

        assertEquals(List.of(pending), alice.getMcpServers().elicitations());
        assertFalse(call.isDone());
        alice.answerElicitation(pending.id(), ElicitationAnswer.accept(Map.of("name", "Ada", "age", 41)));
        assertTrue(text(call).contains("age=41"));
    }

    @Test
    void declineAndCancelReachTheServer() throws Exception {
        harness = ClientHarness.withDefaults();
        McpClientManager alice = harness.manager("alice");
        String id = addServer(alice);

        CompletableFuture<McpSchema.CallToolResult> first = ask(alice, id, Map.of());
        alice.answerElicitation(awaitPending(alice).id(), ElicitationAnswer.decline());
        assertTrue(text(first).startsWith("decline"), text(first));

        Await.until(WAIT, "the first to be gone", () -> alice.getMcpServers().elicitations().isEmpty());
        CompletableFuture<McpSchema.CallToolResult> second = ask(alice, id, Map.of());
        alice.answerElicitation(awaitPending(alice).id(), ElicitationAnswer.cancel());
        assertTrue(text(second).startsWith("cancel"), text(second));
    }

    @Test
    void anotherOwnerNeitherSeesNorAnswersIt() throws Exception {
        harness = ClientHarness.withDefaults();
        McpClientManager alice = harness.manager("alice");
        McpClientManager bob = harness.manager("bob");
        addServer(bob);
        CompletableFuture<McpSchema.CallToolResult> call = ask(alice, addServer(alice), Map.of());
        PendingElicitation pending = awaitPending(alice);

        assertTrue(bob.getMcpServers().elicitations().isEmpty());
        McpOAuthException refused = assertThrows(McpOAuthException.class,
                () -> bob.answerElicitation(pending.id(), ElicitationAnswer.accept(Map.of("name", "Mallory"))));
        assertEquals(McpOAuthException.Code.NOT_FOUND, refused.code());
        assertEquals(List.of(pending), alice.getMcpServers().elicitations());
        assertFalse(call.isDone());

        alice.answerElicitation(pending.id(), ElicitationAnswer.decline());
        assertTrue(text(call).startsWith("decline"));
    }

    @Test
    void anUnansweredElicitationIsCancelledAfterTheTimeout() throws Exception {
        harness = new ClientHarness(Map.of("mcp.oauth.elicitation-timeout", "300ms"));
        McpClientManager alice = harness.manager("alice");
        CompletableFuture<McpSchema.CallToolResult> call = ask(alice, addServer(alice), Map.of());
        PendingElicitation pending = awaitPending(alice);

        assertTrue(text(call).startsWith("cancel"), "a timeout is no explicit refusal: cancel, not decline");
        Await.until(WAIT, "the expired elicitation to leave the state", () -> alice.getMcpServers().elicitations().isEmpty());
        McpOAuthException late = assertThrows(McpOAuthException.class,
                () -> alice.answerElicitation(pending.id(), ElicitationAnswer.decline()));
        assertEquals(McpOAuthException.Code.NOT_FOUND, late.code());
    }

    @Test
    void anOwnerAtTheCapGetsNoMoreAndTheServerHearsWhy() throws Exception {
        harness = new ClientHarness(Map.of("mcp.oauth.max-pending-elicitations", "1"));
        McpClientManager alice = harness.manager("alice");
        String id = addServer(alice);
        CompletableFuture<McpSchema.CallToolResult> first = ask(alice, id, Map.of());
        PendingElicitation pending = awaitPending(alice);

        String second = text(ask(alice, id, Map.of()));
        assertTrue(second.startsWith("error") && second.contains("unanswered elicitations"), second);
        assertEquals(List.of(pending), alice.getMcpServers().elicitations());
        alice.answerElicitation(pending.id(), ElicitationAnswer.decline());
        assertTrue(text(first).startsWith("decline"));
    }

    @Test
    void aUrlElicitationCarriesTheFullUrlAndAcceptsWithoutContent() throws Exception {
        harness = ClientHarness.withDefaults();
        McpClientManager alice = harness.manager("alice");
        String id = addServer(alice);
        String url = "https://bank.example/connect?session=a%20b&x=1#frag";
        CompletableFuture<McpSchema.CallToolResult> call = ask(alice, id, Map.of("mode", "url", "url", url));
        PendingElicitation pending = awaitPending(alice);

        assertEquals(PendingElicitation.URL, pending.mode());
        assertEquals(url, pending.url());
        assertEquals("e-1", pending.elicitationId());
        assertNull(pending.requestedSchema());
        assertThrows(McpOAuthException.class,
                () -> alice.answerElicitation(pending.id(), ElicitationAnswer.accept(Map.of("x", 1))));
        alice.answerElicitation(pending.id(), ElicitationAnswer.accept(Map.of()));
        assertTrue(text(call).startsWith("accept"), text(call));
    }

    @Test
    void aUrlOrSchemaOutsideWhatTheSpecAllowsIsRefusedToTheServer() throws Exception {
        harness = ClientHarness.withDefaults();
        McpClientManager alice = harness.manager("alice");
        String id = addServer(alice);

        for (String bad : List.of("javascript:alert(1)", "http://bank.example/x", "data:text/html,hi", "/relative",
                "https://user:pw@bank.example/")) {
            String answer = text(ask(alice, id, Map.of("mode", "url", "url", bad)));
            assertTrue(answer.startsWith("error"), bad + " → " + answer);
        }
        String nested = text(ask(alice, id, Map.of("mode", "nested")));
        assertTrue(nested.startsWith("error"), nested);
        assertTrue(alice.getMcpServers().elicitations().isEmpty());
    }

    @Test
    void removingTheServerCancelsWhatItAsked() throws Exception {
        harness = ClientHarness.withDefaults();
        McpClientManager alice = harness.manager("alice");
        String id = addServer(alice);
        ask(alice, id, Map.of());
        awaitPending(alice);

        alice.removeMcpServer(id);

        Await.until(WAIT, "the removed server's elicitation to go", () -> alice.getMcpServers().elicitations().isEmpty());
    }

    @Test
    void anAppHandlerAnswersInsteadOfTheBrowserAndStillGetsDefaults() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of("mcp.oauth.allow-loopback", "true"));
        try (McpClientService service = McpClientService.builder().config(config).store(new InMemoryMcpStore())
                .elicitationHandler((owner, e) -> {
                    asked.add(owner + ":" + e.message());
                    return CompletableFuture.completedFuture(ElicitationAnswer.accept(Map.of("name", "Bot")));
                }).build()) {
            McpClientManager alice = service.manager("alice");
            String answer = text(ask(alice, addServer(alice), Map.of()));

            assertTrue(answer.startsWith("accept") && answer.contains("name=Bot") && answer.contains("age=30"), answer);
            assertEquals(List.of("alice:Who are you?"), asked);
            assertTrue(alice.getMcpServers().elicitations().isEmpty(), "nothing is shown to the browser");
        }
    }

    @Test
    void anAppHandlerThatNeverAnswersIsCancelledAtTheTimeoutAndTheServerHearsCancel() throws Exception {
        CompletableFuture<ElicitationAnswer> never = new CompletableFuture<>();
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of("mcp.oauth.allow-loopback", "true",
                "mcp.oauth.elicitation-timeout", "300ms"));
        try (McpClientService service = McpClientService.builder().config(config).store(new InMemoryMcpStore())
                .elicitationHandler((owner, e) -> never).build()) {
            McpClientManager alice = service.manager("alice");
            String answer = text(ask(alice, addServer(alice), Map.of()));

            assertTrue(answer.startsWith("cancel"), answer);
            assertTrue(never.isCancelled(), "the handler is told to stop");
        }
    }
}
