package io.github.mcpoauth.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.client.ConnectionState;
import io.github.mcpoauth.client.McpClientManager;
import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.testsupport.EmbeddedJetty;
import io.github.mcpoauth.testsupport.TestMcpServer;
import io.github.mcpoauth.web.McpOAuthListener;
import io.github.mcpoauth.web.McpOAuthRuntime;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CDI integration in Weld SE, the container WildFly, Payara and Open Liberty build on: the module
 * runs in a real embedded Jetty context, {@link SimulatedRequests} stands in for the container's
 * request and ServletContext beans, and the extension is found through its service file as a
 * container finds it (the container is given only the application's beans, no scan of the jar).
 */
class CdiIntegrationTest {

    private static EmbeddedJetty jetty;
    private static TestMcpServer mcp;
    private static WeldContainer cdi;

    @BeforeAll
    static void start() {
        mcp = TestMcpServer.builder().start();
        jetty = EmbeddedJetty.bind();
        ServletContextHandler app = new ServletContextHandler("/app");
        Map.of("mcp.oauth.store", "memory", "mcp.oauth.allow-loopback", "true", "mcp.oauth.owner", "attribute:user",
                "mcp.oauth.callback-url", jetty.baseUrl() + "/app/mcp-client/callback").forEach(app::setInitParameter);
        app.addEventListener(new McpOAuthListener());
        jetty.start(app);
        SimulatedRequests.context = app.getServletContext();
        Weld weld = new Weld("mcp-oauth-cdi-test").disableDiscovery()
                // the test's rule for the whole module: nothing on the common pool, where Weld validates by default
                .property("org.jboss.weld.executor.threadPoolType", "NONE");
        // Weld SE reads service files only when it scans the class path; a container always reads them
        ServiceLoader.load(Extension.class).forEach(weld::addExtension);
        cdi = weld
                .addBeanClasses(SimulatedRequests.class, Beans.OwnerServers.class, Beans.PerCallLookup.class,
                        Beans.HeldManager.class, Beans.StateChanges.class)
                .initialize();
    }

    @AfterAll
    static void stop() {
        if (cdi != null) {
            cdi.shutdown();
        }
        jetty.close();
        mcp.close();
    }

    @BeforeEach
    void forgetEvents() {
        Beans.StateChanges.SEEN.clear();
    }

    @Test
    void injectionGivesTheRequestOwnersManager() {
        McpClientManager alices = inRequest("alice", () -> cdi.select(Beans.OwnerServers.class).get().manager());
        McpClientManager bobs = inRequest("bob", () -> cdi.select(Beans.OwnerServers.class).get().manager());

        assertEquals("alice", alices.owner());
        assertEquals("bob", bobs.owner());
        McpClientService service = cdi.select(McpClientService.class).get();
        assertSame(service, cdi.select(McpOAuthRuntime.class).get().service());
        assertEquals(List.of("alice", "bob"), List.of(inRequest("alice", () -> cdi.select(Beans.PerCallLookup.class).get().owner()),
                inRequest("bob", () -> cdi.select(Beans.PerCallLookup.class).get().owner())));
    }

    @Test
    void aServerChangingStateIsFiredAsAnObservedEvent() throws InterruptedException {
        McpClientManager manager = inRequest("carol", () -> cdi.select(Beans.OwnerServers.class).get().manager());

        String id = manager.addMcpServer("demo", mcp.url()).id();

        assertEquals(ConnectionState.READY, ConnectionState.valueOf(manager.getMcpServers().servers().get(id).state().toUpperCase()));
        List<McpServerStateChanged> seen = new ArrayList<>();
        McpServerStateChanged change;
        while ((change = Beans.StateChanges.SEEN.poll(5, TimeUnit.SECONDS)) != null) {
            seen.add(change);
            if (change.equals(new McpServerStateChanged("carol", id))) {
                break;
            }
        }
        assertTrue(seen.contains(new McpServerStateChanged("carol", id)), "observed: " + seen);
        assertTrue(seen.stream().allMatch(c -> c.owner().equals("carol")), "observed: " + seen);
    }

    @Test
    void theFirstRequestSubscribesTheEventsWithoutAnyInjection() throws InterruptedException {
        Weld weld = new Weld("mcp-oauth-cdi-first-request").disableDiscovery()
                .property("org.jboss.weld.executor.threadPoolType", "NONE");
        ServiceLoader.load(Extension.class).forEach(weld::addExtension);
        try (WeldContainer second = weld.addBeanClasses(SimulatedRequests.class, Beans.SecondContainerChanges.class).initialize()) {
            SimulatedRequests.owner = "dave";
            HttpServletRequest request = new SimulatedRequests().request();
            second.getBeanManager().getEvent().select(ServletRequest.class, Initialized.Literal.REQUEST).fire(request);

            String id = runtime().service().manager("dave").addMcpServer("demo", mcp.url()).id();

            McpServerStateChanged change;
            do {
                change = Beans.SecondContainerChanges.SEEN.poll(5, TimeUnit.SECONDS);
            } while (change != null && !change.equals(new McpServerStateChanged("dave", id)));
            assertEquals(new McpServerStateChanged("dave", id), change);
        }
    }

    @Test
    void aRequestWithoutAnOwnerFailsWithAClearError() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> inRequest(null, () -> cdi.select(Beans.OwnerServers.class).get().manager().owner()));

        McpOAuthException cause = find(e);
        assertEquals(McpOAuthException.Code.FORBIDDEN, cause.code());
        assertTrue(cause.getMessage().contains("no owner"), cause.getMessage());
    }

    @Test
    void noRequestAtAllFailsWithAClearError() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> cdi.select(McpClientManager.class).get().owner());

        assertTrue(find(e).getMessage().contains("no request is active"), find(e).getMessage());
    }

    @Test
    void anApplicationScopedBeanCannotKeepOneOwnersManager() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> inRequest("alice", () -> cdi.select(Beans.HeldManager.class).get().owner()));

        assertTrue(find(e).getMessage().contains("Instance<McpClientManager>"), find(e).getMessage());
    }

    private static McpOAuthRuntime runtime() {
        return (McpOAuthRuntime) SimulatedRequests.context.getAttribute(McpOAuthRuntime.ATTRIBUTE);
    }

    private static <T> T inRequest(String owner, Supplier<T> work) {
        SimulatedRequests.owner = owner;
        RequestContextController request = cdi.select(RequestContextController.class).get();
        request.activate();
        try {
            return work.get();
        } finally {
            request.deactivate();
        }
    }

    private static McpOAuthException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof McpOAuthException m) {
                return m;
            }
        }
        throw new AssertionError("no McpOAuthException in " + e, e);
    }
}
