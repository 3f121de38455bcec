package io.github.mcpoauth.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The harness's command line, {@code --key value} pairs; {@code scripts/bench} passes the paths.
 *
 * @param warmupFlows flows each client runs before the measured rounds (default: one round's worth)
 * @param flowTurn flows each client runs in one turn within a round (default: the whole round)
 * @param store the restore section's store: {@code memory} or {@code jpa}
 * @param sections which of {@code flows}, {@code calls}, {@code memory}, {@code restore} to run
 */
record BenchOptions(Path node, Path nodeModules, Path js, Path out, int rounds, int flowsPerRound, int warmupFlows,
        int flowTurn, int callsPerRound, int memoryConnections, int restoreServers, Duration restoreTimeout, String store,
        Set<String> sections) {

    Path conformanceCli() {
        return nodeModules.resolve("@modelcontextprotocol/conformance/dist/index.js");
    }

    static BenchOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --key value, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        int flows = number(values, "flows", 25);
        return new BenchOptions(path(values, "node"), path(values, "node-modules"), path(values, "js"),
                path(values, "out"),
                number(values, "rounds", 6), flows, number(values, "warmup-flows", flows),
                number(values, "flow-turn", flows), number(values, "calls", 250),
                number(values, "memory-connections", 1000), number(values, "restore-servers", 10_000),
                Duration.ofSeconds(number(values, "restore-timeout-seconds", 300)), values.getOrDefault("store", "memory"),
                Set.of(values.getOrDefault("sections", "flows,calls,memory,restore").split(",")));
    }

    private static Path path(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return Path.of(value);
    }

    private static int number(Map<String, String> values, String key, int fallback) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
    }
}
