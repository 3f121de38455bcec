package io.github.mcpoauth.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.service.AiServices;
import io.github.mcpoauth.client.McpClientManager;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.TestMcpFeatures;
import io.github.mcpoauth.testsupport.ToolBridgeFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LangChain4j's AiServices loop, a scripted model, and real MCP servers reached through the module. */
class McpOAuthToolProviderTest {

    interface Assistant {
        String chat(String message);
    }

    private ToolBridgeFixture fixture;
    private McpClientManager alice;
    private ScriptedChatModel model;

    @BeforeEach
    void setUp() {
        fixture = new ToolBridgeFixture();
        alice = fixture.manager("alice");
        model = new ScriptedChatModel();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private Assistant assistant(McpOAuthToolProvider tools) {
        return AiServices.builder(Assistant.class).chatModel(model).toolProvider(tools).build();
    }

    @Test
    void theModelsCallReachesTheServerAndItsResultComesBack() {
        fixture.addServer(alice, "alpha");
        fixture.addServer(alice, "beta");
        fixture.addServer(fixture.manager("bob"), "bobs");

        String answer = assistant(McpOAuthToolProvider.of(alice)).chat("call beta_echo {\"text\":\"hello\"}");

        assertEquals(List.of("alpha_add", "alpha_echo", "alpha_fail", "beta_add", "beta_echo", "beta_fail"),
                model.toolNames(0), "alice's tools only, the same tool of two servers under two names");
        ToolExecutionResultMessage result = model.toolResult(1);
        assertEquals("beta_echo", result.toolName());
        assertEquals("hello", result.text());
        assertFalse(Boolean.TRUE.equals(result.isError()));
        assertEquals("done: hello", answer);
    }

    @Test
    void anErrorResultReachesTheModelAsAToolErrorAndTheLoopGoesOn() {
        fixture.addServer(alice, "alpha");

        String answer = assistant(McpOAuthToolProvider.of(alice)).chat("call alpha_fail {}");

        ToolExecutionResultMessage result = model.toolResult(1);
        assertEquals("Error: " + TestMcpFeatures.FAIL_TEXT, result.text());
        assertTrue(result.isError());
        assertEquals("done: Error: " + TestMcpFeatures.FAIL_TEXT, answer);
    }

    @Test
    void argumentsThatAreNotJsonAndAnUnreachableServerAreToolErrorsToo() {
        String id = fixture.addServer(alice, "alpha");
        Assistant assistant = assistant(McpOAuthToolProvider.of(alice));

        assertEquals("done: Error: the arguments are not a JSON object", assistant.chat("call alpha_echo [1,"));
        fixture.server(0).close();
        String answer = assistant.chat("call alpha_echo {\"text\":\"hi\"}");
        assertTrue(answer.startsWith("done: Error: "), answer);
        assertTrue(model.toolResult(3).isError());
        assertEquals(id, alice.getMcpServers().servers().keySet().iterator().next());
    }

    @Test
    void serversAddedRemovedOrChangedShowAtTheNextModelRequest() {
        String alpha = fixture.addServer(alice, "alpha");
        Assistant assistant = assistant(McpOAuthToolProvider.of(alice));

        assistant.chat("call alpha_add {\"a\":1,\"b\":2}");
        assertEquals("3", model.toolResult(1).text());
        assertEquals(List.of("alpha_add", "alpha_echo", "alpha_fail"), model.toolNames(0));

        fixture.addServer(alice, "beta");
        fixture.server(0).addTool("fresh");
        Await.until(Duration.ofSeconds(10), "alpha's list_changed", () -> alice.getMcpServers().tools().stream()
                .anyMatch(t -> "fresh".equals(t.get("name"))));
        assertEquals("done: fresh called", assistant.chat("call alpha_fresh {}"));
        assertEquals(List.of("alpha_add", "alpha_echo", "alpha_fail", "alpha_fresh", "beta_add", "beta_echo",
                "beta_fail"), model.toolNames(2));

        alice.removeMcpServer(alpha);
        assistant.chat("call beta_echo {\"text\":\"x\"}");
        assertEquals(List.of("beta_add", "beta_echo", "beta_fail"), model.toolNames(4));
    }

    @Test
    void theFilterChoosesByServerAndTool() {
        fixture.addServer(alice, "alpha");
        fixture.addServer(alice, "beta");

        assistant(McpOAuthToolProvider.of(alice).withFilter((id, server, tool) -> server.equals("beta")
                && !tool.equals("fail"))).chat("call beta_add {\"a\":2,\"b\":2}");

        assertEquals(List.of("beta_add", "beta_echo"), model.toolNames(0));
        assertEquals("4", model.toolResult(1).text());
    }
}
