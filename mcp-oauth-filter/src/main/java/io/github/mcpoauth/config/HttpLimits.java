package io.github.mcpoauth.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on outbound HTTP, so that a slow, endless or numerous upstream cannot hold threads,
 * memory or connections: the slowest body an OAuth or metadata answer may send, the largest MCP
 * response (or SSE event), and how many requests may be in flight at once, in total and for one
 * owner, with how long a request may wait for its turn.
 */
public record HttpLimits(long minTransferRate, long maxResponseSize, int maxConcurrentRequests,
        int maxConcurrentRequestsPerOwner, Duration requestQueueTimeout) {

    public HttpLimits {
        if (minTransferRate < 0 || maxResponseSize < 1 || maxConcurrentRequests < 1 || maxConcurrentRequestsPerOwner < 1) {
            throw new IllegalArgumentException("HTTP limits must be positive (the transfer rate may be 0)");
        }
        Objects.requireNonNull(requestQueueTimeout, "requestQueueTimeout");
    }
}
