package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Counts a container's threads by the kinds one deployment of the sample causes: the module's own
 * ({@code mcp-oauth-*}), the JDK HTTP client's, Reactor's, the SDK server transport's sweeper and
 * the JDK's delay thread, H2's writer. After any number of redeploys, one deployment's worth may be alive.
 */
final class ThreadCensus {

    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("mcp-oauth-scheduler-", "mcp-oauth-scheduler"),
            Map.entry("mcp-oauth-http-", "mcp-oauth-http"),
            Map.entry("mcp-oauth-ws-push", "mcp-oauth-ws-push"),
            Map.entry("mcp-oauth-store-wait", "mcp-oauth-store-wait"),
            Map.entry("HttpClient-", "HttpClient"),
            Map.entry("parallel-", "reactor-parallel"),
            Map.entry("boundedElastic-", "reactor-boundedElastic"),
            Map.entry("demo-session-sweeper", "sdk-session-sweeper"),
            Map.entry("streamable-http-server-transport-session-sweeper", "sdk-session-sweeper-unowned"),
            Map.entry("CompletableFutureDelayScheduler", "jdk-delay-scheduler"),
            Map.entry("MVStore background writer", "h2-writer"));

    private ThreadCensus() {
    }

    /** How many live threads of each kind, by name prefix. */
    static Map<String, Long> of(List<String> threadNames) {
        return threadNames.stream().map(ThreadCensus::kind).filter(k -> k != null)
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    private static String kind(String name) {
        return KINDS.entrySet().stream().filter(e -> name.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** At most one deployment's threads: one scheduler, one HTTP selector, one sweeper, bounded pools, no JDK delay thread. */
    static void assertOneDeploymentsWorth(Map<String, Long> census) {
        long cores = Runtime.getRuntime().availableProcessors();
        check(census, "mcp-oauth-scheduler", 1);
        check(census, "mcp-oauth-ws-push", 1);
        check(census, "mcp-oauth-store-wait", 0);
        check(census, "mcp-oauth-http", 16);
        check(census, "HttpClient", 1);
        check(census, "sdk-session-sweeper", 1);
        check(census, "sdk-session-sweeper-unowned", 0);
        check(census, "jdk-delay-scheduler", 0);
        check(census, "h2-writer", 1);
        check(census, "reactor-parallel", Math.max(4, cores));
        check(census, "reactor-boundedElastic", 10 * Math.max(4, cores) + 1);
    }

    private static void check(Map<String, Long> census, String kind, long max) {
        long n = census.getOrDefault(kind, 0L);
        assertTrue(n <= max, () -> n + " " + kind + " threads alive, at most " + max + " expected: " + census);
    }
}
