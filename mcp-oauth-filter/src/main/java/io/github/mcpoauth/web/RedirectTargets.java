package io.github.mcpoauth.web;

import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfigException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the OAuth callback may send the browser: a path inside this application (starting with
 * one {@code /}, taken relative to the context root) or an absolute URL of an allowed origin. Anything
 * else would make the callback an open redirect, so it is refused at startup naming the key.
 */
final class RedirectTargets {

    private RedirectTargets() {
    }

    /** Returns {@code value} if it is an acceptable target, else throws naming {@code key}. */
    static String validate(ConfigKey key, String value, Origins origins) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
            throw McpOAuthConfigException.forKey(key, "must not contain control characters or backslashes");
        }
        if (isLocalPath(value) || origins.isConfigured(value)) {
            return value;
        }
        throw McpOAuthConfigException.forKey(key, "must be a path starting with '/' or a URL of an origin in "
                + ConfigKey.ALLOWED_ORIGINS.key() + " (no off-site redirects): " + value);
    }

    static boolean isLocalPath(String value) {
        return value.startsWith("/") && !value.startsWith("//");
    }

    /** The absolute-path or absolute-URL form of a validated target ({@code null}: the context root). */
    static String resolve(String target, String contextPath) {
        if (target == null) {
            return contextPath + "/";
        }
        return isLocalPath(target) ? contextPath + target : target;
    }

    /** {@code target} with {@code error=<message>} added to its query, before any fragment. */
    static String withError(String target, String message) {
        int hash = target.indexOf('#');
        String base = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? "" : target.substring(hash);
        char separator = base.indexOf('?') < 0 ? '?' : (base.endsWith("?") || base.endsWith("&") ? 0 : '&');
        return base + (separator == 0 ? "" : String.valueOf(separator)) + "error="
                + URLEncoder.encode(message, StandardCharsets.UTF_8) + fragment;
    }
}
