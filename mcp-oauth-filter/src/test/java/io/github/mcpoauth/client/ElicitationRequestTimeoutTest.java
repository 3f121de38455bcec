package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.ElicitingTool;
import io.github.mcpoauth.testsupport.TestMcpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tool call whose server waits for the user's answer to an elicitation is not ended by
 * {@code mcp.oauth.request-timeout} while the elicitation is pending; without one, it still is.
 */
class ElicitationRequestTimeoutTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private final CountDownLatch release = new CountDownLatch(1);
    private TestMcpServer server;
    private ClientHarness harness;

    @BeforeEach
    void start() {
        server = TestMcpServer.builder().start();
        server.addTool(ElicitingTool.spec());
        McpSchema.Tool slow = McpSchema.Tool.builder("slow", Map.of("type", "object", "properties", Map.of())).build();
        server.addTool(new SyncToolSpecification(slow, (exchange, call) -> {
            try {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return McpSchema.CallToolResult.builder().addTextContent("late").build();
        }));
    }

    @AfterEach
    void stop() {
        release.countDown();
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

    private static String text(CompletableFuture<McpSchema.CallToolResult> call) throws Exception {
        return ((McpSchema.TextContent) call.get(WAIT.toSeconds(), TimeUnit.SECONDS).content().get(0)).text();
    }

    @Test
    void aCallWaitingForTheUsersAnswerOutlivesTheRequestTimeoutAndGetsTheAnswer() throws Exception {
        harness = new ClientHarness(Map.of("mcp.oauth.request-timeout", "700ms", "mcp.oauth.elicitation-timeout", "20s"));
        McpClientManager alice = harness.manager("alice");
        String id = addServer(alice);
        long started = System.nanoTime();
        CompletableFuture<McpSchema.CallToolResult> call = alice.callToolAsync(id, ElicitingTool.NAME, Map.of());
        Await.until(WAIT, "a pending elicitation", () -> !alice.getMcpServers().elicitations().isEmpty());
        String elicitation = alice.getMcpServers().elicitations().get(0).id();
        Await.until(WAIT, "three request timeouts to pass", () -> System.nanoTime() - started > Duration.ofMillis(2100).toNanos());

        assertFalse(call.isDone(), "the call must wait for the user while the elicitation is pending");
        alice.answerElicitation(elicitation, ElicitationAnswer.accept(Map.of("name", "Ada")));
        assertTrue(text(call).startsWith("accept {"), "the answer reaches the server, which completes the call");
    }

    @Test
    void theElicitationTimeoutEndsTheWaitAndTheServerStillAnswersTheCall() throws Exception {
        harness = new ClientHarness(Map.of("mcp.oauth.request-timeout", "300ms", "mcp.oauth.elicitation-timeout", "1500ms"));
        McpClientManager alice = harness.manager("alice");
        String id = addServer(alice);
        CompletableFuture<McpSchema.CallToolResult> call = alice.callToolAsync(id, ElicitingTool.NAME, Map.of());

        assertTrue(text(call).startsWith("cancel"),
                "the call lasts until the elicitation times out (cancel), not the shorter request timeout");
    }

    @Test
    void withoutAnElicitationTheRequestTimeoutEndsTheCall() throws Exception {
        harness = new ClientHarness(Map.of("mcp.oauth.request-timeout", "500ms", "mcp.oauth.elicitation-timeout", "20s"));
        McpClientManager alice = harness.manager("alice");
        String id = addServer(alice);
        long started = System.nanoTime();
        CompletableFuture<McpSchema.CallToolResult> call = alice.callToolAsync(id, "slow", Map.of());

        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> call.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        McpOAuthException failure = (McpOAuthException) e.getCause();
        assertEquals(McpOAuthException.Code.TIMEOUT, failure.code());
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(),
                "ended by the request timeout, not by the SDK's backstop (twice it plus the elicitation timeout)");
    }
}
