package io.github.mcpoauth.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's target: the MCP conformance suite's {@code auth/metadata-default} scenario (an
 * OAuth-protected MCP server, RFC 9728 metadata, and an RFC 8414 authorization server with dynamic
 * registration whose authorize endpoint approves at once), started by the suite's own CLI in its
 * interactive mode, which serves until stopped. {@code count-requests.cjs} is preloaded so requests
 * per flow are counted at the server. The scenario keeps one PKCE challenge at a time, so flows
 * against it run one after another.
 */
final class ConformanceTarget implements AutoCloseable {

    static final String SCENARIO = "auth/metadata-default";
    private static final Pattern SERVER_URL = Pattern.compile("Server URL: (http://\\S+)");

    private final NodeProcess process;
    private final URI mcpUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ConformanceTarget(NodeProcess process, URI mcpUrl) {
        this.process = process;
        this.mcpUrl = mcpUrl;
    }

    static ConformanceTarget start(BenchOptions options) throws IOException, InterruptedException {
        NodeProcess process = new NodeProcess("conformance-server", List.of(options.node().toString(),
                "-r", options.js().resolve("count-requests.cjs").toString(),
                options.conformanceCli().toString(), "client", "--scenario", SCENARIO),
                options.nodeModules(), options.out().resolve("conformance-server.log"));
        try {
            for (int i = 0; i < 20; i++) {
                Matcher m = SERVER_URL.matcher(process.readLine(Duration.ofSeconds(60)));
                if (m.find()) {
                    return new ConformanceTarget(process, URI.create(m.group(1)));
                }
            }
            throw new IllegalStateException("the conformance CLI printed no server URL");
        } catch (RuntimeException | InterruptedException e) {
            process.close();
            throw e;
        }
    }

    /** The MCP endpoint, e.g. {@code http://localhost:41959/mcp}. */
    URI mcpUrl() {
        return mcpUrl;
    }

    /** Requests the scenario's MCP server and authorization server have received so far, together. */
    long requests() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(mcpUrl.resolve("/__bench/requests"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"requests\":(\\d+)").matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("request counter answered " + response.statusCode());
        }
        return Long.parseLong(m.group(1));
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
