package io.github.mcpoauth.internal.oauth;

import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.telemetry.Spans;
import io.github.mcpoauth.internal.telemetry.Trace;
import io.github.mcpoauth.store.ClientRegistrationStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs discovery for one owner's server as the MCP authorization specification orders it
 * (protected resource metadata, RFC 9728, then authorization server metadata, RFC 8414, from the
 * first listed authorization server; the server's origin when there is no resource metadata) and
 * keeps the result for a few minutes so step-up and repeated authorizations skip the round trips.
 * The result is shared by every owner of a server with the same URL and metadata URL: both
 * documents are public, fetched without credentials or anything of the owner, so another owner
 * would fetch the same; every owner adding a popular server then saves two round trips. Forgetting
 * a server (it was removed) drops the result it used, so adding it again discovers afresh. A 401
 * from a server that was authorized before skips the cache: its resource may now name another
 * authorization server (SEP-2352), which would be why its tokens stopped working.
 */
final class Discoverer {

    static final Duration CACHE_TTL = Duration.ofMinutes(5);

    private final ResourceMetadataDiscovery resources;
    private final AuthServerDiscovery authServers;
    private final Clock clock;
    private final Map<Urls, Cached> cache = new ConcurrentHashMap<>();
    /** What each server last used, to forget it with the server. */
    private final Map<ServerKey, Urls> used = new ConcurrentHashMap<>();

    Discoverer(ResourceMetadataDiscovery resources, AuthServerDiscovery authServers, Clock clock) {
        this.resources = resources;
        this.authServers = authServers;
        this.clock = clock;
    }

    /**
     * Discovery after {@code challenge}: fresh when it is a 401 for a server that has a registration
     * (authorized before), read on {@code executor} even when the result then comes from the cache.
     */
    CompletableFuture<DiscoveryResult> afterChallenge(ServerKey key, URI serverUrl, BearerChallenge challenge,
            ClientRegistrationStore registrations, Executor executor, Trace parent) {
        return CompletableFuture.supplyAsync(() -> challenge.status() == 401
                        && registrations.find(key.owner(), key.serverId()).isPresent(), executor)
                .thenCompose(authorizedBefore -> discover(key, serverUrl, challenge.resourceMetadata(),
                        authorizedBefore, parent));
    }

    /**
     * @param fresh true to fetch both documents again even when the cache has them
     * @param parent the span of the flow: each fetched document gets a child span, a cached result a mark on it
     */
    CompletableFuture<DiscoveryResult> discover(ServerKey key, URI serverUrl, URI resourceMetadataUrl, boolean fresh,
            Trace parent) {
        Urls urls = new Urls(serverUrl, resourceMetadataUrl);
        used.put(key, urls);
        Cached cached = cache.get(urls);
        Instant now = clock.instant();
        if (!fresh && cached != null && now.isBefore(cached.fetchedAt().plus(CACHE_TTL))) {
            parent.set(Spans.DISCOVERY_CACHED, "true");
            return CompletableFuture.completedFuture(cached.discovery());
        }
        Trace prmSpan = Spans.server(parent.child(Spans.RESOURCE_METADATA, Trace.SpanKind.CLIENT),
                resourceMetadataUrl != null ? resourceMetadataUrl : serverUrl);
        return prmSpan.around(() -> resources.discover(serverUrl, resourceMetadataUrl)).thenCompose(prm -> {
            boolean legacy = prm.isEmpty();
            URI issuer = prm.map(p -> p.authorizationServers().get(0))
                    .orElseGet(() -> URI.create(WellKnownUrls.origin(serverUrl)));
            String resource = prm.map(p -> p.resource().toString())
                    .orElseGet(() -> WellKnownUrls.withoutFragment(serverUrl).toString());
            Trace asSpan = Spans.server(parent.child(Spans.AUTHORIZATION_SERVER_METADATA, Trace.SpanKind.CLIENT), issuer);
            return asSpan.around(() -> authServers.discover(issuer, legacy))
                    .thenApply(as -> new DiscoveryResult(prm, as, resource));
        }).thenApply(discovery -> {
            cache.put(urls, new Cached(discovery, now));
            return discovery;
        });
    }

    void forget(ServerKey key) {
        Urls urls = used.remove(key);
        if (urls != null) {
            cache.remove(urls);
        }
    }

    /** The server URL and the metadata URL its challenge named (null when none). */
    private record Urls(URI serverUrl, URI resourceMetadataUrl) {
    }

    private record Cached(DiscoveryResult discovery, Instant fetchedAt) {
    }
}
