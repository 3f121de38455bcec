package io.github.mcpoauth.internal.oauth;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The latest nonce each server gave each DPoP key (RFC 9449 sections 8 and 9), from a
 * {@code DPoP-Nonce} response header, to put into the next proof for that server. Kept per key
 * thumbprint and origin: a key belongs to one owner's server, so one owner's nonces never reach
 * another's proofs, and the AS and the MCP server, at different origins, each get their own.
 * Bounded (least recently used out), in memory only: a nonce lost to a restart or eviction costs
 * one more {@code use_dpop_nonce} round trip.
 */
final class DpopNonces {

    private static final int MAX_ENTRIES = 10_000;

    private final Map<String, String> latest = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    synchronized String latest(String thumbprint, URI url) {
        return latest.get(key(thumbprint, url));
    }

    /**
     * Remembers {@code nonce}; false, changing nothing, when it is blank, too long or not made of
     * the characters a nonce may have (section 8.1: NQCHAR).
     */
    synchronized boolean remember(String thumbprint, URI url, String nonce) {
        if (nonce == null || nonce.isEmpty() || nonce.length() > 1024 || !nonce.chars().allMatch(DpopNonces::nqchar)) {
            return false;
        }
        latest.put(key(thumbprint, url), nonce);
        return true;
    }

    private static boolean nqchar(int c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
    }

    private static String key(String thumbprint, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return thumbprint + ' ' + scheme + "://" + host + ':' + url.getPort();
    }
}
