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
 * {@link McpSyncClient} on the same server with the same access token, after a warm-up of each,
 * call by call in turn (who goes first rotating), so that the machine's drift during a round falls
 * on every client alike. A third client, a service whose guard checks nothing (so nothing is
 * pinned), shows how much of the difference is the DNS-pinning tunnel's loopback hop.
 */
final class CallSection {

    private static final String TOOL = "test-tool";

    private CallSection() {
    }

    static void run(BenchOptions options, ConformanceTarget target, Report report) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        InMemoryMcpStore store = new InMemoryMcpStore();
        InMemoryMcpStore unpinnedStore = new InMemoryMcpStore();
        List<Double> oursMs = new ArrayList<>();
        List<Double> unpinnedMs = new ArrayList<>();
        List<Double> rawMs = new ArrayList<>();
        long[] threadsStarted = new long[3];
        List<Double> roundRatios = new ArrayList<>();
        List<Double> unpinnedRatios = new ArrayList<>();
        try (McpClientService service = JavaFlows.service(store);
                McpClientService unpinned = JavaFlows.unpinnedService(unpinnedStore)) {
            Caller ours = caller(service, store, target);
            Supplier<McpSchema.CallToolResult> oursCall = ours.call();
            Supplier<McpSchema.CallToolResult> unpinnedCall = caller(unpinned, unpinnedStore, target).call();
            McpSyncClient raw = rawClient(target.mcpUrl(), ours.token());
            try {
                raw.initialize();
                Supplier<McpSchema.CallToolResult> rawCall = () -> raw.callTool(
                        new McpSchema.CallToolRequest(TOOL, Map.of()));
                List<Supplier<McpSchema.CallToolResult>> clients = List.of(oursCall, unpinnedCall, rawCall);
                for (Supplier<McpSchema.CallToolResult> client : clients) {
                    calls(client, options.callsPerRound(), new ArrayList<>());
                }
                for (int round = 0; round < options.rounds(); round++) {
                    List<List<Double>> rounds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                    for (int call = 0; call < options.callsPerRound(); call++) {
                        for (int turn = 0; turn < clients.size(); turn++) {
                            int client = (round + call + turn) % clients.size();
                            long started = threads.getTotalStartedThreadCount();
                            calls(clients.get(client), 1, rounds.get(client));
                            threadsStarted[client] += threads.getTotalStartedThreadCount() - started;
                        }
                    }
                    oursMs.addAll(rounds.get(0));
                    unpinnedMs.addAll(rounds.get(1));
                    rawMs.addAll(rounds.get(2));
                    double rawP50 = Stats.of(rounds.get(2)).p50();
                    roundRatios.add(Stats.of(rounds.get(0)).p50() / rawP50);
                    unpinnedRatios.add(Stats.of(rounds.get(1)).p50() / rawP50);
                }
            } finally {
                raw.closeGracefully();
            }
        }
        Stats o = Stats.of(oursMs);
        Stats u = Stats.of(unpinnedMs);
        Stats r = Stats.of(rawMs);
        report.heading("(b) callTool latency, " + o.count() + " calls each, same server and token"
                + " (reference: raw MCP Java SDK McpSyncClient)");
        report.row("callTool p50 (ms)", Report.f(o.p50()), Report.f(r.p50()), Report.ratio(o.p50(), r.p50()), "≤ 1.05×");
        report.row("callTool p50, ratio per round: median (min–max)", "", "", Stats.spread(roundRatios), "≤ 1.05×");
        report.row("callTool p99 (ms)", Report.f(o.p99()), Report.f(r.p99()), Report.ratio(o.p99(), r.p99()), "≤ 1.05×");
        report.row("threads started per call (JVM)", Report.f((double) threadsStarted[0] / o.count()),
                Report.f((double) threadsStarted[2] / r.count()), "", "");
        report.row("callTool p50 (ms) without the DNS-pinning tunnel (nothing checked)", Report.f(u.p50()),
                Report.f(r.p50()), Report.ratio(u.p50(), r.p50()), "");
        report.row("the same, ratio per round: median (min–max)", "", "", Stats.spread(unpinnedRatios), "");
    }

    /** One owner's {@code callTool} after a complete flow, and the access token that flow got. */
    private record Caller(Supplier<McpSchema.CallToolResult> call, String token) {
    }

    private static Caller caller(McpClientService service, InMemoryMcpStore store, ConformanceTarget target)
            throws Exception {
        String owner = "call-owner";
        String serverId = new JavaFlows(service, target.mcpUrl()).flow(owner);
        McpClientManager manager = service.manager(owner);
        String token = store.tokens().find(owner, serverId).orElseThrow().accessToken();
        return new Caller(() -> manager.callTool(serverId, TOOL, Map.of()), token);
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
