package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.internal.ServerKey;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs discovery for one owner's server as the MCP authorization specification orders it
 * (protected resource metadata, RFC 9728, then authorization server metadata, RFC 8414, from the
 * first listed authorization server; the server's origin when there is no resource metadata) and
 * keeps the result for a few minutes so step-up and repeated authorizations skip the round trips.
 */
final class Discoverer {

    static final Duration CACHE_TTL = Duration.ofMinutes(5);

    private final ResourceMetadataDiscovery resources;
    private final AuthServerDiscovery authServers;
    private final Clock clock;
    private final Map<ServerKey, Cached> cache = new ConcurrentHashMap<>();

    Discoverer(ResourceMetadataDiscovery resources, AuthServerDiscovery authServers, Clock clock) {
        this.resources = resources;
        this.authServers = authServers;
        this.clock = clock;
    }

    CompletableFuture<DiscoveryResult> discover(ServerKey key, URI serverUrl, URI resourceMetadataUrl) {
        Cached cached = cache.get(key);
        Instant now = clock.instant();
        if (cached != null && cached.serverUrl().equals(serverUrl)
                && Objects.equals(cached.resourceMetadataUrl(), resourceMetadataUrl)
                && now.isBefore(cached.fetchedAt().plus(CACHE_TTL))) {
            return CompletableFuture.completedFuture(cached.discovery());
        }
        return resources.discover(serverUrl, resourceMetadataUrl).thenCompose(prm -> {
            boolean legacy = prm.isEmpty();
            URI issuer = prm.map(p -> p.authorizationServers().get(0))
                    .orElseGet(() -> URI.create(WellKnownUrls.origin(serverUrl)));
            String resource = prm.map(p -> p.resource().toString())
                    .orElseGet(() -> WellKnownUrls.withoutFragment(serverUrl).toString());
            return authServers.discover(issuer, legacy).thenApply(as -> new DiscoveryResult(prm, as, resource));
        }).thenApply(discovery -> {
            cache.put(key, new Cached(serverUrl, resourceMetadataUrl, discovery, now));
            return discovery;
        });
    }

    void forget(ServerKey key) {
        cache.remove(key);
    }

    private record Cached(URI serverUrl, URI resourceMetadataUrl, DiscoveryResult discovery, Instant fetchedAt) {
    }
}
