package io.github.mcpoauth.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.mcpoauth.internal.ModuleThreads;
import io.github.mcpoauth.internal.oauth.UrlGuard;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;

/**
 * Which requests the module's client sends through the tunnel: all but IP literals the guard allows;
 * plain http to a name through a listener of that origin's own.
 */
class TunnelSelectorTest {

    @Test
    void namesAndRefusedLiteralsGoThroughTheTunnelAllowedLiteralsGoDirect() {
        ModuleThreads threads = new ModuleThreads("test-selector-");
        ThreadPoolExecutor pool = threads.pool(1);
        try (ConnectTunnel tunnel = ConnectTunnel.open(new UrlGuard(false, true), pool, Duration.ofSeconds(5),
                Duration.ofMinutes(1), 4)) {
            TunnelSelector selector = new TunnelSelector(tunnel);
            List<Proxy> viaTunnel = List.of(new Proxy(Proxy.Type.HTTP, tunnel.address()));
            for (String url : new String[] {"https://mcp.example/mcp", "https://localhost:8080/mcp", "http://127.1/",
                    "https://0x7f000001/", "https://10.0.0.1/token", "http://[fd00::1]/", "http://169.254.169.254/"}) {
                assertEquals(viaTunnel, selector.select(URI.create(url)), url);
            }
            for (String url : new String[] {"http://127.0.0.1:8080/mcp", "https://8.8.8.8/", "http://[::1]:9/",
                    "https://[2001:4860:4860::8888]/"}) {
                assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create(url)), url);
            }
            InetSocketAddress ownListener = tunnel.originAddress("localhost", 8080);
            assertNotEquals(tunnel.address(), ownListener, "plain http by name: a listener of that origin's own");
            assertEquals(List.of(new Proxy(Proxy.Type.HTTP, ownListener)), selector.select(URI.create("http://LocalHost:8080/mcp")));
            assertNotEquals(ownListener, selector.select(URI.create("http://localhost/mcp")).get(0).address());
            assertEquals(List.of(new Proxy(Proxy.Type.HTTP, tunnel.originAddress("0x7f000001", 80))),
                    selector.select(URI.create("http://0x7f000001/")), "not a literal: looked up and checked by the tunnel");
            assertNull(TunnelSelector.literal("1.2.3.4.example"));
            assertNull(TunnelSelector.literal("256.1.1.1"));
        } finally {
            threads.shutdown(pool, Duration.ofSeconds(2));
        }
    }
}
