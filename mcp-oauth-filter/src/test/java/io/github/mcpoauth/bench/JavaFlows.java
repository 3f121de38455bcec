package io.github.mcpoauth.bench;

import io.github.mcpoauth.client.AddServerResult;
import io.github.mcpoauth.client.ConnectionState;
import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.testsupport.BrowserStub;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Complete OAuth flows through the module's Java API, as an application drives them: a new owner
 * adds the server ({@code authenticating} with an {@code authUrl}), the "browser" consents (one GET,
 * the redirect's query read, like the TypeScript side), the callback parameters complete the
 * authorization, and the server ends {@code ready} with its tools listed.
 */
final class JavaFlows {

    static final String CALLBACK = "http://127.0.0.1:3999/mcp-client/callback";
    private static final OperatingSystemMXBean CPU =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final McpClientService service;
    private final URI mcpUrl;
    private final BrowserStub browser = new BrowserStub();
    private int owners;

    JavaFlows(McpClientService service, URI mcpUrl) {
        this.service = service;
        this.mcpUrl = mcpUrl;
    }

    /** The benchmark's keys: the target listens on loopback. */
    private static final Map<String, String> KEYS = Map.of("mcp.oauth.callback-url", CALLBACK, "mcp.oauth.allow-loopback", "true");

    static McpOAuthConfig config() {
        return McpOAuthConfig.fromMap(KEYS);
    }

    static McpClientService service(McpStore store) {
        return McpClientService.builder().config(config()).store(store).build();
    }

    /**
     * A service whose guard checks nothing, so nothing goes through the DNS-pinning tunnel (loopback
     * and private addresses allowed): what the module costs without that protection.
     */
    static McpClientService unpinnedService(McpStore store) {
        Map<String, String> keys = new HashMap<>(KEYS);
        keys.put("mcp.oauth.allow-private-network", "true");
        return McpClientService.builder().config(McpOAuthConfig.fromMap(keys)).store(store).build();
    }

    /**
     * Runs {@code n} flows one after another, each ending with its connection closed, as the
     * TypeScript client's ends with {@code client.close()}: the milliseconds each took, and the CPU
     * time the whole JVM used meanwhile (the harness's browser, the JIT compiler and the garbage
     * collector included).
     */
    FlowBatch flows(int n) throws Exception {
        List<Double> ms = new ArrayList<>();
        long cpu = CPU.getProcessCpuTime();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            String owner = "flow-owner-" + owners++;
            service.manager(owner).closeConnection(flow(owner));
            ms.add((System.nanoTime() - start) / 1e6);
        }
        return new FlowBatch(ms, (CPU.getProcessCpuTime() - cpu) / 1e6);
    }

    /** One complete flow for a new owner; answers the ready server's id. */
    String flow(String owner) throws Exception {
        AddServerResult added = service.manager(owner).addMcpServer("conformance", mcpUrl.toString());
        if (added.state() != ConnectionState.AUTHENTICATING) {
            throw new IllegalStateException("expected authenticating, got " + added.state());
        }
        Map<String, String> callback = browser.authorize(added.authUrl());
        AddServerResult done = service.completeAuthorization(owner, callback).get(30, TimeUnit.SECONDS);
        if (done.state() != ConnectionState.READY) {
            throw new IllegalStateException("expected ready, got " + done.state() + ": "
                    + service.manager(owner).getServer(done.id()).error());
        }
        return done.id();
    }
}
