package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.internal.telemetry.McpEvents;
import io.github.mcpoauth.testsupport.LogCapture;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The {@code mcp:client:*} log events: one line each, with stable key=value fields, the owner only
 * as a keyed hash, and no token, code or URL in any of them.
 */
class ConnectionEventsTest {

    private static final Pattern OWNER = Pattern.compile("owner=([0-9a-f]{12}) ");

    private static List<String> events(LogCapture log, String name) {
        return log.lines().stream().filter(l -> l.contains("event=" + name + " ")).toList();
    }

    @Test
    void connectDiscoverAuthorizeAndCloseAreOneLineEachWithoutTheOwnerOrSecrets() throws Exception {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().start();
                TestMcpServer open = TestMcpServer.builder().start();
                TestMcpServer secure = TestMcpServer.builder().protectedBy(as).start();
                ClientHarness harness = new ClientHarness(Map.of());
                LogCapture log = LogCapture.start()) {
            McpClientManager manager = harness.manager("alice@example.com");
            String id = manager.addMcpServer("open", open.url()).id();
            AddServerResult pending = manager.addMcpServer("secure", secure.url());
            manager.closeConnection(id);

            List<String> connects = events(log, McpEvents.CONNECT);
            String ready = connects.stream().filter(l -> l.contains("server_id=" + id + " ")).findFirst().orElseThrow();
            assertTrue(ready.contains("outcome=ready") && ready.contains("attempt=1") && ready.contains("duration_ms=")
                    && ready.contains("transport=auto"), ready);
            assertTrue(connects.stream().anyMatch(l -> l.contains("server_id=" + pending.id() + " ")
                    && l.contains("outcome=authorization_required")), connects::toString);

            String discovered = events(log, McpEvents.DISCOVER).get(0);
            assertTrue(discovered.contains("server_id=" + id + " ") && discovered.contains("tools=3")
                    && discovered.contains("prompts=1") && discovered.contains("resources=1"), discovered);
            String authorize = events(log, McpEvents.AUTHORIZE).get(0);
            assertTrue(authorize.contains("phase=started") && authorize.contains("server_id=" + pending.id() + " "), authorize);
            String closed = events(log, McpEvents.CLOSE).get(0);
            assertTrue(closed.contains("reason=application") && closed.contains("server_id=" + id + " "), closed);

            // one owner, one tag across events; never the owner's name, a URL, a token or the state
            List<String> all = log.lines().stream().filter(l -> l.contains("event=mcp:client:")).toList();
            assertEquals(1, all.stream().map(l -> {
                Matcher m = OWNER.matcher(l);
                assertTrue(m.find(), l);
                return m.group(1);
            }).distinct().count(), all::toString);
            String authUrl = pending.authUrl();
            String state = authUrl.replaceAll(".*[?&]state=([^&]+).*", "$1");
            for (String line : all) {
                assertTrue(!line.contains("alice") && !line.contains("://") && !line.contains("Bearer")
                        && !line.contains(state), line);
            }
        }
    }

    @Test
    void ownerTagsAreStableWithinAServiceAndDifferBetweenServices() {
        McpEvents one = new McpEvents();
        McpEvents other = new McpEvents();
        assertEquals(one.ownerTag("alice"), one.ownerTag("alice"));
        assertNotEquals(one.ownerTag("alice"), one.ownerTag("bob"));
        assertNotEquals(one.ownerTag("alice"), other.ownerTag("alice"));
        assertTrue(one.ownerTag("alice").matches("[0-9a-f]{12}"));
    }
}
