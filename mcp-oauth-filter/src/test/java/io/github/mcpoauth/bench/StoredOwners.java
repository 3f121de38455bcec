package io.github.mcpoauth.bench;

import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.client.ServerView;
import io.github.mcpoauth.store.McpStore;
import io.github.mcpoauth.store.StoredServer;
import io.github.mcpoauth.store.TokenSet;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Owners as a restarted application finds them in its store: each with one server that was
 * authorized before (an access token the conformance server accepts, no expiry, no refresh token),
 * written through the store SPI only.
 */
final class StoredOwners {

    /** The conformance scenario's verifier accepts any bearer token with this prefix. */
    private static final String TOKEN = "test-token-bench-restored";
    static final String SERVER_ID = "bench";

    private StoredOwners() {
    }

    static List<String> populate(McpStore store, String prefix, int count, URI mcpUrl) {
        Instant now = Instant.now();
        List<String> owners = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String owner = prefix + i;
            store.servers().save(new StoredServer(owner, SERVER_ID, "conformance", mcpUrl.toString(), "auto",
                    Map.of(), null, null, null, now));
            store.tokens().save(owner, SERVER_ID, new TokenSet(TOKEN, null, "Bearer", null, null, now));
            owners.add(owner);
        }
        return owners;
    }

    /** How the owners' servers stand, with the failed ones' errors counted. */
    record Tally(int ready, int failed, int other, Map<String, Integer> errors) {
        boolean settled() {
            return other == 0;
        }

        /** The most frequent errors, e.g. {@code 812× Timed out ...}. */
        String topErrors(int limit) {
            return errors.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .limit(limit).map(e -> e.getValue() + "× " + e.getKey()).reduce((a, b) -> a + "; " + b)
                    .orElse("none");
        }
    }

    static Tally tally(McpClientService service, List<String> owners) {
        int ready = 0;
        int failed = 0;
        int other = 0;
        Map<String, Integer> errors = new HashMap<>();
        for (String owner : owners) {
            for (ServerView server : service.manager(owner).getMcpServers().servers().values()) {
                switch (server.state()) {
                    case "ready" -> ready++;
                    case "failed" -> {
                        failed++;
                        String error = String.valueOf(server.error());
                        errors.merge(error.length() > 100 ? error.substring(0, 100) + "…" : error, 1, Integer::sum);
                    }
                    default -> other++;
                }
            }
        }
        return new Tally(ready, failed, other, errors);
    }

    /** Polls until every server is ready or failed, or {@code timeout} passed; answers the last tally. */
    static Tally await(McpClientService service, List<String> owners, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Tally tally = tally(service, owners);
            if (tally.settled() || System.nanoTime() > deadline) {
                return tally;
            }
            Thread.sleep(200);
        }
    }
}
