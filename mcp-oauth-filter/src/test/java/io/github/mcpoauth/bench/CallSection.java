package io.github.mcpoauth.bench;

import io.github.mcpoauth.client.McpClientManager;
import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * (b) {@code callTool} latency through {@link McpClientManager} next to a raw MCP Java SDK
 * {@link McpSyncClient} on the same server with the same access token, in alternating blocks after a
 * warm-up of each.
 */
final class CallSection {

    private static final String TOOL = "test-tool";

    private CallSection() {
    }

    static void run(BenchOptions options, ConformanceTarget target, Report report) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        InMemoryMcpStore store = new InMemoryMcpStore();
        List<Double> oursMs = new ArrayList<>();
        List<Double> rawMs = new ArrayList<>();
        long oursThreads = 0;
        List<Double> roundRatios = new ArrayList<>();
        try (McpClientService service = JavaFlows.service(store)) {
            String owner = "call-owner";
            String serverId = new JavaFlows(service, target.mcpUrl()).flow(owner);
            String token = store.tokens().find(owner, serverId).orElseThrow().accessToken();
            McpClientManager manager = service.manager(owner);
            McpSyncClient raw = rawClient(target.mcpUrl(), token);
            try {
                raw.initialize();
                Supplier<McpSchema.CallToolResult> oursCall = () -> manager.callTool(serverId, TOOL, Map.of());
                Supplier<McpSchema.CallToolResult> rawCall = () -> raw.callTool(
                        new McpSchema.CallToolRequest(TOOL, Map.of()));
                calls(oursCall, options.callsPerRound(), new ArrayList<>());
                calls(rawCall, options.callsPerRound(), new ArrayList<>());
                for (int round = 0; round < options.rounds(); round++) {
                    List<Double> oursRound = new ArrayList<>();
                    List<Double> rawRound = new ArrayList<>();
                    for (int turn = 0; turn < 2; turn++) {
                        if ((round + turn) % 2 == 0) {
                            long started = threads.getTotalStartedThreadCount();
                            calls(oursCall, options.callsPerRound(), oursRound);
                            oursThreads += threads.getTotalStartedThreadCount() - started;
                        } else {
                            calls(rawCall, options.callsPerRound(), rawRound);
                        }
                    }
                    oursMs.addAll(oursRound);
                    rawMs.addAll(rawRound);
                    roundRatios.add(Stats.of(oursRound).p50() / Stats.of(rawRound).p50());
                }
            } finally {
                raw.closeGracefully();
            }
        }
        Stats o = Stats.of(oursMs);
        Stats r = Stats.of(rawMs);
        report.heading("(b) callTool latency, " + o.count() + " calls each, same server and token"
                + " (reference: raw MCP Java SDK McpSyncClient)");
        report.row("callTool p50 (ms)", Report.f(o.p50()), Report.f(r.p50()), Report.ratio(o.p50(), r.p50()), "≤ 1.05×");
        report.row("callTool p50, ratio per round: median (min–max)", "", "", Stats.spread(roundRatios), "≤ 1.05×");
        report.row("callTool p99 (ms)", Report.f(o.p99()), Report.f(r.p99()), Report.ratio(o.p99(), r.p99()), "≤ 1.05×");
        report.row("threads started per call (JVM)", Report.f((double) oursThreads / o.count()), "", "", "");
    }

    private static McpSyncClient rawClient(URI mcpUrl, String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(mcpUrl.getScheme() + "://" + mcpUrl.getRawAuthority())
                .endpoint(mcpUrl.getRawPath())
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
    }

    private static void calls(Supplier<McpSchema.CallToolResult> call, int n, List<Double> into) {
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            McpSchema.CallToolResult result = call.get();
            into.add((System.nanoTime() - start) / 1e6);
            if (Boolean.TRUE.equals(result.isError())) {
                throw new IllegalStateException("the tool call failed: " + result.content());
            }
        }
    }
}
