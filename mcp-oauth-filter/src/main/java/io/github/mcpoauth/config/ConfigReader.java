package io.github.mcpoauth.config;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads typed values from an ordered list of sources; the first source that has a key wins. */
final class ConfigReader {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(b|kib|mib|gib)?");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final List<Function<String, String>> sources;

    ConfigReader(List<Function<String, String>> sources) {
        this.sources = List.copyOf(sources);
    }

    String string(ConfigKey key) {
        for (Function<String, String> source : sources) {
            String value = source.apply(key.key());
            if (value != null) {
                return value.trim();
            }
        }
        return key.defaultValue();
    }

    Optional<String> optional(ConfigKey key) {
        String value = string(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    boolean bool(ConfigKey key) {
        String value = string(key).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new McpOAuthConfigException(key.key(), "expected true or false, got '" + value + "'");
        };
    }

    int positiveInt(ConfigKey key) {
        String value = string(key);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw new McpOAuthConfigException(key.key(), "expected a positive whole number, got '" + value + "'");
    }

    /** Accepts {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 2d}, ISO-8601 {@code PT30S}, or a bare {@code 0}. */
    Duration duration(ConfigKey key, boolean zeroAllowed) {
        String value = string(key);
        Duration parsed = parseDuration(value);
        if (parsed == null || parsed.isNegative() || (!zeroAllowed && parsed.isZero())) {
            throw new McpOAuthConfigException(key.key(),
                    "expected a " + (zeroAllowed ? "" : "positive ") + "duration such as 500ms, 30s, 10m or PT30S, got '" + value + "'");
        }
        return parsed;
    }

    private static Duration parseDuration(String value) {
        // A bare 0 needs no unit: idle-timeout documents "0: never".
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Accepts a number of bytes with an optional unit: {@code 4096}, {@code 512KiB}, {@code 4MiB}, {@code 1GiB}. */
    long size(ConfigKey key, boolean zeroAllowed) {
        String value = string(key);
        Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
                case "kib" -> 10;
                case "mib" -> 20;
                case "gib" -> 30;
                default -> 0;
            };
            if ((n > 0 || zeroAllowed) && n <= (Long.MAX_VALUE >> shift)) {
                return n << shift;
            }
        }
        throw new McpOAuthConfigException(key.key(),
                "expected a " + (zeroAllowed ? "" : "positive ") + "size such as 4096, 512KiB or 4MiB, got '" + value + "'");
    }

    <E extends Enum<E>> E choice(ConfigKey key, Class<E> type) {
        String value = string(key);
        String normalized = value.toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(normalized)) {
                return constant;
            }
        }
        throw new McpOAuthConfigException(key.key(), "expected one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList()
                + ", got '" + value + "'");
    }

    /** A path that starts with '/' and does not end with one: {@code /mcp-client}. */
    String path(ConfigKey key) {
        String value = string(key);
        if (!value.startsWith("/") || value.length() < 2 || value.endsWith("/") || value.contains("//")
                || value.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#' || c == '*')) {
            throw new McpOAuthConfigException(key.key(), "expected a path like /mcp-client, got '" + value + "'");
        }
        return value;
    }

    Optional<URI> absoluteUrl(ConfigKey key) {
        return optional(key).map(value -> {
            try {
                URI uri = URI.create(value);
                String scheme = Objects.requireNonNullElse(uri.getScheme(), "").toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException e) {
                // reported below with the key
            }
            throw new McpOAuthConfigException(key.key(), "expected an absolute http(s) URL, got '" + value + "'");
        });
    }

    /**
     * Issuer identifiers (RFC 8414 section 2): absolute http(s) URLs without query or fragment,
     * kept exactly as written because they are compared as strings (section 3.3).
     */
    List<String> issuers(ConfigKey key) {
        List<String> issuers = list(key);
        for (String issuer : issuers) {
            if (!isIssuer(issuer)) {
                throw new McpOAuthConfigException(key.key(),
                        "expected issuer URLs like https://auth.example.com, without query or fragment, got '" + issuer + "'");
            }
        }
        return issuers;
    }

    /** {@code ISSUER=PATH} pairs; an issuer has no query (RFC 8414 section 2), so its first {@code =} ends it. */
    Map<String, String> issuerPaths(ConfigKey key) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (String entry : list(key)) {
            int eq = entry.indexOf('=');
            String issuer = eq < 0 ? entry : entry.substring(0, eq).strip();
            String path = eq < 0 ? "" : entry.substring(eq + 1).strip();
            if (!isIssuer(issuer) || path.isEmpty() || paths.putIfAbsent(issuer, path) != null) {
                throw new McpOAuthConfigException(key.key(), "expected ISSUER=PATH pairs, each an issuer URL like"
                        + " https://auth.example.com listed once, got '" + string(key).strip() + "'");
            }
        }
        return paths;
    }

    private static boolean isIssuer(String issuer) {
        URI uri;
        try {
            uri = URI.create(issuer);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String scheme = Objects.requireNonNullElse(uri.getScheme(), "").toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                && uri.getRawQuery() == null && uri.getRawFragment() == null;
    }

    List<String> list(ConfigKey key) {
        return Arrays.stream(string(key).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
