package io.github.mcpoauth.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.client.McpClientManager;
import io.github.mcpoauth.testsupport.TestMcpFeatures;
import io.github.mcpoauth.testsupport.ToolBridgeFixture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;

/**
 * Spring AI's tool-calling loop (ChatClient with its ToolCallingAdvisor and DefaultToolCallingManager), a
 * scripted model, and real MCP servers reached through the module.
 */
class McpOAuthToolCallbackProviderTest {

    private ToolBridgeFixture fixture;
    private McpClientManager alice;
    private ScriptedSpringChatModel model;
    private ChatClient chat;

    @BeforeEach
    void setUp() {
        fixture = new ToolBridgeFixture();
        alice = fixture.manager("alice");
        model = new ScriptedSpringChatModel();
        chat = ChatClient.builder(model).defaultAdvisors(ToolCallingAdvisor.builder().build()).build();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private String ask(String message, McpOAuthToolCallbackProvider tools) {
        return chat.prompt().user(message).toolCallbacks(tools.getToolCallbacks()).call().content();
    }

    @Test
    void theModelsCallReachesTheServerAndItsResultComesBack() {
        fixture.addServer(alice, "alpha");
        fixture.addServer(alice, "beta");
        fixture.addServer(fixture.manager("bob"), "bobs");

        String answer = ask("call alpha_add {\"a\":40,\"b\":2}", McpOAuthToolCallbackProvider.of(alice));

        assertEquals(List.of("alpha_add", "alpha_echo", "alpha_fail", "beta_add", "beta_echo", "beta_fail"),
                model.toolNames(0), "alice's tools only, the same tool of two servers under two names");
        assertEquals("alpha_add", model.toolResponse(1).name());
        assertEquals("42", model.toolResponse(1).responseData());
        assertEquals("done: 42", answer);
        String schema = model.tool(0, "beta_echo").getToolDefinition().inputSchema();
        assertTrue(schema.contains("\"required\":[\"text\"]"), schema);
    }

    @Test
    void anErrorResultReachesTheModelAsToolErrorTextAndTheLoopGoesOn() {
        fixture.addServer(alice, "alpha");

        String answer = ask("call alpha_fail {}", McpOAuthToolCallbackProvider.of(alice));

        assertEquals("Error: " + TestMcpFeatures.FAIL_TEXT, model.toolResponse(1).responseData());
        assertEquals("done: Error: " + TestMcpFeatures.FAIL_TEXT, answer);
    }

    @Test
    void aServerAddedBetweenTwoRequestsShowsAtTheSecondAndTheFilterApplies() {
        fixture.addServer(alice, "alpha");
        McpOAuthToolCallbackProvider tools = McpOAuthToolCallbackProvider.of(alice)
                .withFilter((id, server, tool) -> !tool.equals("fail"));

        ask("call alpha_echo {\"text\":\"one\"}", tools);
        fixture.addServer(alice, "beta");
        String answer = ask("call beta_echo {\"text\":\"two\"}", tools);

        assertEquals(List.of("alpha_add", "alpha_echo"), model.toolNames(0));
        assertEquals(List.of("alpha_add", "alpha_echo", "beta_add", "beta_echo"), model.toolNames(2));
        assertEquals("done: two", answer);
    }
}
