package io.github.mcpoauth.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The MCP TypeScript SDK client's side of the flow comparison: {@code ts-flows.cjs} in a Node 22
 * child, which runs a batch of complete flows on command and answers each flow's duration. Its answer
 * is a line of plain numbers, not JSON: parsing JSON with fractions in this JVM would deoptimize the
 * JSON parser code the measured flows run, just before a batch of ours.
 */
final class TsFlows implements AutoCloseable {

    private final NodeProcess process;

    TsFlows(BenchOptions options, URI mcpUrl) throws IOException {
        this.process = new NodeProcess("ts-client", List.of(options.node().toString(),
                options.js().resolve("ts-flows.cjs").toString(), mcpUrl.toString()),
                options.nodeModules(), options.out().resolve("ts-client.log"));
    }

    /** Runs {@code n} flows one after another; the milliseconds each took and the Node process's CPU time. */
    FlowBatch flows(int n) throws IOException, InterruptedException {
        process.send("flows " + n);
        String answer = process.readLine(Duration.ofSeconds(30L + n * 30L));
        String[] fields = answer.split(" ");
        if (!fields[0].equals("ok")) {
            throw new IllegalStateException("TypeScript client failed: " + answer);
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 2; i < fields.length; i++) {
            ms.add(Double.parseDouble(fields[i]));
        }
        return new FlowBatch(ms, Double.parseDouble(fields[1]));
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
