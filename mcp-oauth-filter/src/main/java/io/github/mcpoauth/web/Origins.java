package io.github.mcpoauth.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CSRF rule (OWASP "verifying origin with standard headers"): a state-changing request must
 * come from this app's own origin or a configured one, judged by {@code Origin} (RFC 6454), else
 * by {@code Referer}; a request with neither is refused. The WebSocket handshake uses the same rule.
 */
final class Origins {

    private final Set<String> allowed;

    Origins(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(Origins::normalize).filter(Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
    }

    static boolean isStateChanging(String method) {
        return switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }

    boolean allows(HttpServletRequest request) {
        String claimed = request.getHeader("Origin");
        if (claimed == null) {
            claimed = request.getHeader("Referer");
        }
        return allows(claimed, requestOrigin(request));
    }

    /** {@code claimed} is an Origin or Referer value; {@code own} this app's origin as the request reached it. */
    boolean allows(String claimed, String own) {
        String origin = normalize(claimed);
        return origin != null && (origin.equals(normalize(own)) || allowed.contains(origin));
    }

    /** Whether {@code claimed} is one of the configured origins (same origin aside). */
    boolean isConfigured(String claimed) {
        String origin = normalize(claimed);
        return origin != null && allowed.contains(origin);
    }

    static String requestOrigin(HttpServletRequest request) {
        return request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
    }

    /** {@code scheme://host[:port]} in lower case without a default port; null if not an http(s) URL. */
    static String normalize(String value) {
        if (value == null || value.isBlank() || value.equals("null")) {
            return null;
        }
        try {
            URI uri = URI.create(value.trim());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https");
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
