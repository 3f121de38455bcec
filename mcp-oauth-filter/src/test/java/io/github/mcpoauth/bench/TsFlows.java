package io.github.mcpoauth.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP TypeScript SDK client's side of the flow comparison: {@code ts-flows.cjs} in a Node 22
 * child, which runs a batch of complete flows on command and answers each flow's duration.
 */
final class TsFlows implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final NodeProcess process;

    TsFlows(BenchOptions options, URI mcpUrl) throws IOException {
        this.process = new NodeProcess("ts-client", List.of(options.node().toString(),
                options.js().resolve("ts-flows.cjs").toString(), mcpUrl.toString()),
                options.nodeModules(), options.out().resolve("ts-client.log"));
    }

    /** Runs {@code n} flows one after another; the milliseconds each took and the Node process's CPU time. */
    FlowBatch flows(int n) throws IOException, InterruptedException {
        process.send("flows " + n);
        JsonNode answer = JSON.readTree(process.readLine(Duration.ofSeconds(30L + n * 30L)));
        if (answer.has("error")) {
            throw new IllegalStateException("TypeScript client failed: " + answer.get("error").asString());
        }
        List<Double> ms = new ArrayList<>();
        answer.get("ms").forEach(v -> ms.add(v.asDouble()));
        return new FlowBatch(ms, answer.get("cpuMs").asDouble());
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
