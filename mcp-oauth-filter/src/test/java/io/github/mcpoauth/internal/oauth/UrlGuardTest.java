package io.github.mcpoauth.internal.oauth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UrlGuardTest {

    private final UrlGuard strict = new UrlGuard(false, false);
    private final UrlGuard lenient = new UrlGuard(true, true);

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/mcp", "http://127.1.2.3/", "http://[::1]:9000/x", "http://localhost/mcp",
            "https://localhost:8443/as/token", "http://[::127.0.0.1]/", "http://0.0.0.0:8080/", "http://[::]/"})
    void thisMachineIsRefusedUnlessLoopbackIsAllowedNamingTheKey(String url) {
        URI uri = URI.create(url);
        for (UrlGuard guard : new UrlGuard[] {strict, new UrlGuard(true, false)}) {
            McpOAuthException e = assertThrows(McpOAuthException.class, () -> guard.check(uri));
            assertEquals(McpOAuthException.Code.INVALID_REQUEST, e.code());
            assertTrue(e.getMessage().contains("mcp.oauth.allow-loopback"), e.getMessage());
        }
        assertDoesNotThrow(() -> new UrlGuard(false, true).check(uri));
    }

    @Test
    void allowingLoopbackDoesNotAllowThePrivateNetwork() {
        McpOAuthException e = assertThrows(McpOAuthException.class,
                () -> new UrlGuard(false, true).check(URI.create("http://10.0.0.1/")));
        assertTrue(e.getMessage().contains("mcp.oauth.allow-private-network"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.1/", "https://10.255.1.2:8443/token", "http://172.16.0.1/", "http://172.31.255.255/",
            "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://169.254.1.1/", "http://[fe80::1]/",
            "http://[::ffff:10.0.0.1]/", "http://[::ffff:169.254.169.254]/", "http://[fc00::1]/", "http://[fd12:3456::1]/",
            "http://0.0.0.0/", "http://[::]/", "http://100.64.0.1/", "http://100.127.255.254/", "http://224.0.0.1/",
            "http://[ff02::1]/", "http://[64:ff9b::a00:1]/", "http://[::10.0.0.1]/", "http://[2002:a00:1::1]/",
            "http://[2002:a9fe:a9fe::]/", "http://[2001::1]/", "http://[64:ff9b:1::808:808]/", "http://[::ffff:0:a00:1]/",
            "http://198.18.0.1/", "http://192.0.0.8/", "http://192.0.2.1/", "http://240.0.0.1/",
            "http://[2001:db8::1]/", "http://[100::1]/"})
    void privateLinkLocalAndReservedAddressesAreRefusedNamingTheHost(String url) {
        URI uri = URI.create(url);
        McpOAuthException e = assertThrows(McpOAuthException.class, () -> strict.check(uri));
        assertEquals(McpOAuthException.Code.INVALID_REQUEST, e.code());
        String host = uri.getHost().replace("[", "").replace("]", "");
        assertTrue(e.getMessage().contains(host), e.getMessage());
        assertDoesNotThrow(() -> lenient.check(uri));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://8.8.8.8/", "https://1.1.1.1/token", "http://100.63.255.255/", "http://100.128.0.1/",
            "http://172.15.0.1/", "http://172.32.0.1/", "http://[2001:4860:4860::8888]/", "http://[2002:808:808::1]/",
            "http://[64:ff9b::808:808]/", "http://198.20.0.1/"})
    void publicAddressesAreAllowed(String url) {
        assertDoesNotThrow(() -> strict.check(URI.create(url)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/", "jar:file:/x.jar!/a"})
    void nonHttpSchemesAreRefusedEvenWithTheFlag(String url) {
        assertEquals(McpOAuthException.Code.INVALID_REQUEST,
                assertThrows(McpOAuthException.class, () -> strict.check(URI.create(url))).code());
        assertThrows(McpOAuthException.class, () -> lenient.check(URI.create(url)));
    }

    @Test
    void userinfoIsRefusedEvenWithTheFlag() {
        URI url = URI.create("http://user:pass@127.0.0.1/");
        McpOAuthException e = assertThrows(McpOAuthException.class, () -> strict.check(url));
        assertEquals(McpOAuthException.Code.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains("127.0.0.1"));
        assertTrue(!e.getMessage().contains("pass"));
        assertThrows(McpOAuthException.class, () -> lenient.check(url));
    }

    @Test
    void unresolvableHostIsAnUpstreamError() {
        McpOAuthException e = assertThrows(McpOAuthException.class,
                () -> strict.check(URI.create("https://no-such-host.invalid/mcp")));
        assertEquals(McpOAuthException.Code.UPSTREAM, e.code());
        assertTrue(e.getMessage().contains("cannot resolve host no-such-host.invalid"), e.getMessage());
    }

    @Test
    void urlWithoutHostIsRefused() {
        assertThrows(McpOAuthException.class, () -> strict.check(URI.create("http:///path")));
        assertThrows(McpOAuthException.class, () -> strict.check(null));
    }

    @Test
    void checkedAddressesAreTheResolversWholeAnswerEveryOneChecked() throws Exception {
        java.net.InetAddress publicOne = java.net.InetAddress.getByAddress("mixed.test", new byte[] {8, 8, 8, 8});
        java.net.InetAddress privateOne = java.net.InetAddress.getByAddress("mixed.test", new byte[] {10, 0, 0, 1});
        UrlGuard guard = new UrlGuard(false, false, host -> host.equals("mixed.test")
                ? new java.net.InetAddress[] {publicOne, privateOne} : new java.net.InetAddress[] {publicOne});

        assertEquals(java.util.List.of(publicOne), guard.checkedAddresses("public.test"));
        McpOAuthException e = assertThrows(McpOAuthException.class, () -> guard.checkedAddresses("mixed.test"));
        assertTrue(e.getMessage().contains("mixed.test") && e.getMessage().contains("mcp.oauth.allow-private-network"),
                e.getMessage());
        assertThrows(McpOAuthException.class, () -> guard.check(URI.create("https://mixed.test/mcp")));
        assertTrue(guard.allows(publicOne));
        assertTrue(!guard.allows(privateOne));
        assertTrue(guard.checksAddresses() && new UrlGuard(true, false).checksAddresses()
                && !new UrlGuard(true, true).checksAddresses());
    }
}
