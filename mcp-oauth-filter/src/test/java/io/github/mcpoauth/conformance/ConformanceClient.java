package io.github.mcpoauth.conformance;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.client.AddServerResult;
import io.github.mcpoauth.client.ConnectionState;
import io.github.mcpoauth.client.ElicitationAnswer;
import io.github.mcpoauth.client.IdTokenSupplier;
import io.github.mcpoauth.client.McpClientManager;
import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.client.PendingElicitation;
import io.github.mcpoauth.client.ServerOptions;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.config.PreRegisteredClient;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.testsupport.BrowserStub;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client the MCP conformance suite drives ({@code scripts/conformance-client}): it uses the real
 * {@link McpClientManager} as an application would. It adds the scenario's server, follows each
 * {@code authUrl} as a browser would (the suite's authorization server approves at once and
 * redirects), completes the authorization through {@code completeAuthorization}, then lists and
 * calls each tool with arguments its input schema accepts (scenario {@code tools_call} checks that
 * {@code add_numbers} gets two numbers), authorizing again when a call asks for more scope. The client
 * credentials and workload identity scenarios run as the application's own owner instead
 * ({@link AppScenario}). Elicitations go to an {@link io.github.mcpoauth.client.ElicitationHandler},
 * as an application without a browser would answer them.
 */
public final class ConformanceClient {

    private static final String OWNER = "conformance-user";
    private static final int MAX_AUTHORIZATIONS = 5;

    private ConformanceClient() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: conformance-client <server-url>");
            System.exit(2);
        }
        String serverUrl = args[args.length - 1];
        Map<String, Object> context = context(System.getenv("MCP_CONFORMANCE_CONTEXT"));
        boolean app = AppScenario.applies(System.getenv("MCP_CONFORMANCE_SCENARIO"));
        Map<String, String> settings = new HashMap<>(Map.of(
                "mcp.oauth.callback-url", "http://127.0.0.1:3999/mcp-client/callback",
                "mcp.oauth.client-metadata-url", "https://conformance-test.local/client-metadata.json",
                "mcp.oauth.client-name", "mcp-oauth-filter conformance client",
                "mcp.oauth.allow-loopback", "true", // the suite's servers listen on localhost
                "mcp.oauth.retry-max-attempts", "1",
                // the CLI starts a suite's clients (25 JVMs for --requirements) at once: on two cores a
                // JVM may need most of a minute to get going; the CLI's own timeout is 180 s
                "mcp.oauth.discovery-timeout", "120s",
                "mcp.oauth.request-timeout", "120s"));
        IdTokenSupplier idTokens = owner -> Optional.empty();
        if (context.get("idp_id_token") instanceof String idToken) {
            // enterprise-managed authorization: the user signed in at the scenario's IdP; an operator
            // would name the MCP authorization server, here read from the server's resource metadata
            settings.put("mcp.oauth.enterprise-idp-issuer", (String) context.get("idp_issuer"));
            settings.put("mcp.oauth.enterprise-idp-token-endpoint", (String) context.get("idp_token_endpoint"));
            settings.put("mcp.oauth.enterprise-idp-client-id", (String) context.get("idp_client_id"));
            settings.put("mcp.oauth.enterprise-issuers", AppScenario.issuerOf(URI.create(serverUrl)));
            idTokens = owner -> OWNER.equals(owner) ? Optional.of(idToken) : Optional.empty();
        }
        ServerOptions options = ServerOptions.defaults();
        if (app) {
            settings.putAll(AppScenario.settings(serverUrl, context));
        } else if (context.get("client_id") instanceof String clientId) {
            options = options.withClient(new PreRegisteredClient(clientId, (String) context.get("client_secret"), null));
        }
        int status;
        try (McpClientService service = McpClientService.builder().config(McpOAuthConfig.fromMap(settings))
                .store(new InMemoryMcpStore()).elicitationHandler(ConformanceClient::elicit).idTokenSupplier(idTokens)
                .build()) {
            status = run(service, serverUrl, options, app ? AppScenario.OWNER : OWNER);
        }
        System.exit(status);
    }

    private static int run(McpClientService service, String serverUrl, ServerOptions options, String owner)
            throws Exception {
        McpClientManager manager = service.manager(owner);
        BrowserStub browser = new BrowserStub();
        AddServerResult result = manager.addMcpServer("conformance", serverUrl, options);
        for (int i = 0; i < MAX_AUTHORIZATIONS && result.state() == ConnectionState.AUTHENTICATING; i++) {
            result = authorize(service, browser, result.authUrl());
        }
        if (result.state() != ConnectionState.READY) {
            System.err.println("server did not become ready: " + manager.getServer(result.id()));
            return 1;
        }
        List<Map<String, Object>> tools = manager.getMcpServers().tools();
        System.out.println("tools: " + tools.stream().map(t -> t.get("name")).toList());
        for (Map<String, Object> tool : tools) {
            Map<String, Object> arguments = new LinkedHashMap<>(sampleArguments(tool.get("inputSchema")));
            if (arguments.containsKey("schema")) {
                // json-schema-2020-12-preservation: echo back the input schema of the tool listed first,
                // as the module hands it out, so the scenario can see that no keyword was lost
                arguments.put("schema", tools.get(0).get("inputSchema"));
            }
            McpSchema.CallToolResult called = callWithStepUp(service, manager, browser, result.id(),
                    (String) tool.get("name"), arguments);
            System.out.println("called " + tool.get("name") + ": isError=" + called.isError());
        }
        return 0;
    }

    private static McpSchema.CallToolResult callWithStepUp(McpClientService service, McpClientManager manager,
            BrowserStub browser, String serverId, String tool, Map<String, Object> arguments) throws Exception {
        for (int i = 0; ; i++) {
            try {
                return manager.callTool(serverId, tool, arguments);
            } catch (McpOAuthException e) {
                if (e.code() != McpOAuthException.Code.AUTHORIZATION_REQUIRED || i >= MAX_AUTHORIZATIONS) {
                    throw e;
                }
                AddServerResult again = authorize(service, browser, e.authUrl());
                if (again.state() != ConnectionState.READY && again.state() != ConnectionState.AUTHENTICATING) {
                    throw e;
                }
            }
        }
    }

    /**
     * A value for every required property of a tool's input schema, by its JSON Schema type, as a
     * model filling in the call would give; optional properties are left out.
     */
    static Map<String, Object> sampleArguments(Object inputSchema) {
        if (!(inputSchema instanceof Map<?, ?> schema) || !(schema.get("required") instanceof List<?> required)) {
            return Map.of();
        }
        Map<?, ?> properties = schema.get("properties") instanceof Map<?, ?> p ? p : Map.of();
        Map<String, Object> arguments = new LinkedHashMap<>();
        int next = 1;
        for (Object name : required) {
            Object type = properties.get(name) instanceof Map<?, ?> property ? property.get("type") : null;
            arguments.put(String.valueOf(name), switch (String.valueOf(type)) {
                case "number", "integer" -> next++;
                case "boolean" -> true;
                case "array" -> List.of();
                case "object" -> Map.of();
                default -> "conformance";
            });
        }
        return arguments;
    }

    private static AddServerResult authorize(McpClientService service, BrowserStub browser, String authUrl)
            throws Exception {
        Map<String, String> callback = browser.authorize(authUrl);
        return service.completeAuthorization(OWNER, callback).get(150, TimeUnit.SECONDS);
    }

    /**
     * Accepts every form with no fields filled in, so the module supplies the schema's defaults
     * (SEP-1034, scenario elicitation-sep1034-client-defaults); declines URL elicitations (no user to open them).
     */
    private static CompletableFuture<ElicitationAnswer> elicit(String owner, PendingElicitation elicitation) {
        return CompletableFuture.completedFuture(PendingElicitation.FORM.equals(elicitation.mode())
                ? ElicitationAnswer.accept(Map.of()) : ElicitationAnswer.decline());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> context(String json) throws java.io.IOException {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        return McpJsonDefaults.getMapper().readValue(json, Map.class);
    }
}
