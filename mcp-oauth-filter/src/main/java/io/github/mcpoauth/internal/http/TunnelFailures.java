package io.github.mcpoauth.internal.http;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Why the {@link ConnectTunnel} ended a connection before relaying it, for the request that sees
 * it fail. The JDK reports a refused CONNECT as a bare status ("Tunnel failed, got: 403") and a
 * closed plain connection as an I/O error, so the tunnel notes the reason per host and port and
 * {@link OwnedHttpClient} puts it back in place of the JDK's error: the user still reads the
 * guard's refusal naming the host and the key to set, a connection failure still is a
 * {@link java.net.ConnectException}, a timeout a timeout. Only a reason noted after the request
 * started counts; the most recent few hundred are kept.
 */
final class TunnelFailures {

    private static final int KEPT = 256;

    private record Noted(long at, Supplier<? extends Exception> failure) {
    }

    private final Map<String, Noted> recent = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Noted> eldest) {
            return size() > KEPT;
        }
    };

    /** @param failure makes the exception each failed request gets (a new one every time) */
    synchronized void note(String host, int port, Supplier<? extends Exception> failure) {
        String key = key(host, port);
        recent.remove(key);
        recent.put(key, new Noted(System.nanoTime(), failure));
    }

    /**
     * The reason noted for the request's host and port since {@code startedAt}
     * ({@link System#nanoTime()}) when {@code error} is an I/O failure; else {@code error} itself.
     */
    Throwable explain(URI uri, long startedAt, Throwable error) {
        if (uri == null || uri.getHost() == null || !isIo(error)) {
            return error;
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        Noted noted;
        synchronized (this) {
            noted = recent.get(key(host, port));
        }
        return noted != null && noted.at() - startedAt >= 0 ? noted.failure().get() : error;
    }

    private static boolean isIo(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + " " + port;
    }
}
