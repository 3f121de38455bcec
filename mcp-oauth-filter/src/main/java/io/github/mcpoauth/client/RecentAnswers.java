package io.github.mcpoauth.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What MCP server URLs answered lately, one value per URL, each kept for {@code ttl} after it was
 * seen. Bounded: when {@code maxUrls} are kept, expired entries are dropped to make room, and a new
 * URL that still does not fit is not kept (it is asked each time). What {@link KnownChallenges} and
 * {@link KnownStreamRefusals} keep.
 */
final class RecentAnswers<V> {

    private record Seen<V>(V value, Instant at) {
    }

    private final Clock clock;
    private final Duration ttl;
    private final int maxUrls;
    private final Map<URI, Seen<V>> seen = new ConcurrentHashMap<>();

    RecentAnswers(Clock clock, Duration ttl, int maxUrls) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxUrls = maxUrls;
    }

    void remember(URI url, V value) {
        if (seen.size() >= maxUrls && !seen.containsKey(url)) {
            Instant now = clock.instant();
            seen.values().removeIf(s -> !fresh(s, now));
            if (seen.size() >= maxUrls) {
                return;
            }
        }
        seen.put(url, new Seen<>(value, clock.instant()));
    }

    /** What {@code url} answered, if seen within the ttl. */
    Optional<V> find(URI url) {
        Seen<V> s = seen.get(url);
        if (s == null) {
            return Optional.empty();
        }
        if (!fresh(s, clock.instant())) {
            seen.remove(url, s);
            return Optional.empty();
        }
        return Optional.of(s.value());
    }

    /** The next request to {@code url} asks the server again. */
    void forget(URI url) {
        seen.remove(url);
    }

    private boolean fresh(Seen<V> s, Instant now) {
        return now.isBefore(s.at().plus(ttl));
    }
}
