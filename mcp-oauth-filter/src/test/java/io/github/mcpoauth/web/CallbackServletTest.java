package io.github.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.store.PendingAuthorization;
import io.github.mcpoauth.testsupport.TestClock;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The callback without an owner, below the container: which session calls it makes (none that
 * create one), what it logs, and that the pending authorization survives. The container tests
 * (DropInContract, AppIntegrationContract) show the same from a browser's side.
 */
class CallbackServletTest {

    private static final String STATE = "state-value-that-must-not-be-logged";
    private static final String CODE = "code-value-that-must-not-be-logged";

    private final InMemoryMcpStore store = new InMemoryMcpStore();
    private final TestClock clock = TestClock.startingNow();
    private McpOAuthRuntime runtime;
    private CallbackServlet servlet;

    @BeforeEach
    void start() throws Exception {
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of("mcp.oauth.store", "memory"));
        McpClientService service = McpClientService.builder().config(config).store(store).clock(clock).build();
        runtime = new McpOAuthRuntime(config, store, service,
                OwnerResolvers.create("principal-or-session", getClass().getClassLoader()));
        ServletContext context = proxy(ServletContext.class,
                (name, args) -> name.equals("getAttribute") && McpOAuthRuntime.ATTRIBUTE.equals(args[0]) ? runtime : null);
        servlet = new CallbackServlet();
        servlet.init(proxy(ServletConfig.class, (name, args) -> name.equals("getServletContext") ? context : null));
        Instant now = clock.instant();
        store.pendingAuthorizations().save(new PendingAuthorization(STATE, "session:alice", "s1", "verifier",
                "http://127.0.0.1/app/mcp-client/callback", null, null, null, "http://as.example/authorize", 1, now,
                now.plus(10, ChronoUnit.MINUTES)));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void aCallbackWithoutAnOwnerAnswersTheBouncePageWithoutTouchingASession() throws Exception {
        FakeRequest request = new FakeRequest("code", CODE, "state", "\"><script>x</script>");
        FakeResponse response = new FakeResponse();
        servlet.doGet(request.proxy(), response.proxy());

        assertEquals(List.of(false), request.sessionCalls, "asked for a session other than an existing one");
        assertEquals(200, response.status);
        assertEquals("text/html;charset=UTF-8", response.contentType);
        assertEquals("DENY", response.headers.get("X-Frame-Options"));
        String body = response.body();
        assertTrue(body.contains("url=?code=" + CODE + "&amp;state=%22%3E%3Cscript%3Ex%3C%2Fscript%3E"
                + "&amp;mcp_oauth_bounced=1\""), body);
        assertFalse(body.contains("<script>"), body);
        assertFalse(response.cookieSet);
        assertTrue(store.pendingAuthorizations().find(STATE).isPresent());
    }

    @Test
    void aBouncedCallbackStillWithoutAnOwnerIsRefusedAndLoggedAtWarnWithoutItsValues() throws Exception {
        FakeRequest request = new FakeRequest("code", CODE, "state", STATE, CallbackBounce.MARKER, "1");
        FakeResponse response = new FakeResponse();
        String log = capturingStandardError(() -> servlet.doGet(request.proxy(), response.proxy()));

        assertEquals(List.of(false), request.sessionCalls, "asked for a session other than an existing one");
        assertTrue(response.redirect.startsWith("/app/mcp-client/done?error=You+are+not+signed+in"), response.redirect);
        assertFalse(response.cookieSet);
        assertTrue(log.contains("WARN") && log.contains("no signed-in owner even after a same-site reload"), log);
        assertTrue(log.contains("/app/mcp-client/callback"), log);
        assertFalse(log.contains(STATE) || log.contains(CODE), log);
        assertTrue(store.pendingAuthorizations().find(STATE).isPresent(), "the state was used up");
    }

    @Test
    void anExpiredCallbackOfItsOwnOwnerIsRefusedAndChangesNothing() throws Exception {
        clock.advance(Duration.ofMinutes(11));
        FakeRequest request = new FakeRequest("code", CODE, "state", STATE);
        request.principal = "session:alice";
        FakeResponse response = new FakeResponse();
        servlet.doGet(request.proxy(), response.proxy());

        assertTrue(response.redirect.startsWith("/app/mcp-client/done?error=The+authorization+took+too+long"),
                response.redirect);
        assertTrue(store.pendingAuthorizations().find(STATE).isPresent(), "the state was used up");
        assertTrue(store.tokens().find("session:alice", "s1").isEmpty());
        assertFalse(response.cookieSet);
    }

    @Test
    void theOwnersOwnSessionIsReadNeverCreated() {
        FakeRequest request = new FakeRequest();
        assertNull(runtime.existingOwner(request.proxy()));
        assertEquals(List.of(false), request.sessionCalls);
    }

    interface Handler {
        Object handle(String method, Object[] args) throws Exception;
    }

    interface Action {
        void run() throws Exception;
    }

    private static String capturingStandardError(Action action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Handler handler) {
        return (T) Proxy.newProxyInstance(CallbackServletTest.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    case "toString" -> type.getSimpleName();
                    default -> handler.handle(method.getName(), args);
                });
    }

    /** A GET of {@code /app/mcp-client/callback} without cookies or session, and without principal unless given. */
    static final class FakeRequest {
        final Map<String, String[]> params = new LinkedHashMap<>();
        final List<Boolean> sessionCalls = new ArrayList<>();
        String principal;

        /** {@code query}: names and values in turn, in the order the query has them. */
        FakeRequest(String... query) {
            for (int i = 0; i < query.length; i += 2) {
                params.put(query[i], new String[] {query[i + 1]});
            }
        }

        HttpServletRequest proxy() {
            return CallbackServletTest.proxy(HttpServletRequest.class, (name, args) -> switch (name) {
                case "getParameterMap" -> params;
                case "getParameter" -> params.containsKey(args[0]) ? params.get(args[0])[0] : null;
                case "getSession" -> {
                    sessionCalls.add(args == null || (Boolean) args[0]);
                    yield null;
                }
                case "getUserPrincipal" -> principal == null ? null : (Principal) () -> principal;
                case "getContextPath" -> "/app";
                case "getRequestURI" -> "/app/mcp-client/callback";
                case "getMethod" -> "GET";
                case "isAsyncSupported" -> false;
                default -> null;
            });
        }
    }

    /** Records what the servlet answers. */
    static final class FakeResponse {
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = 200;
        String contentType;
        String redirect;
        boolean cookieSet;

        String body() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse proxy() {
            return CallbackServletTest.proxy(HttpServletResponse.class, (name, args) -> {
                switch (name) {
                    case "setStatus" -> status = (Integer) args[0];
                    case "setContentType" -> contentType = (String) args[0];
                    case "setHeader", "addHeader" -> {
                        cookieSet |= "Set-Cookie".equalsIgnoreCase((String) args[0]);
                        headers.put((String) args[0], (String) args[1]);
                    }
                    case "addCookie" -> cookieSet = true;
                    case "sendRedirect" -> {
                        status = 302;
                        redirect = (String) args[0];
                    }
                    case "getOutputStream" -> {
                        return new ServletOutputStream() {
                            @Override
                            public void write(int b) {
                                bytes.write(b);
                            }

                            @Override
                            public boolean isReady() {
                                return true;
                            }

                            @Override
                            public void setWriteListener(WriteListener listener) {
                                // blocking writes only
                            }
                        };
                    }
                    default -> {
                        // setContentLength and the like
                    }
                }
                return null;
            });
        }
    }
}
