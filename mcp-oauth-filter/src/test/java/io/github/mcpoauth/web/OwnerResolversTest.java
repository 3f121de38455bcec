package io.github.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.config.McpOAuthConfigException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Each owner mode of {@code mcp.oauth.owner} decides the owner it documents, and nothing else. */
class OwnerResolversTest {

    /** An app's own resolver, as named by class in {@code mcp.oauth.owner}. */
    public static final class TenantHeaderResolver implements OwnerResolver {
        @Override
        public String resolveOwner(HttpServletRequest request) {
            return "tenant:" + request.getAttribute("tenant");
        }
    }

    private static HttpServletRequest request(String principal, Map<String, Object> attributes, HttpSession session) {
        return (HttpServletRequest) Proxy.newProxyInstance(OwnerResolversTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getUserPrincipal" -> principal == null ? null : (Principal) () -> principal;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "getSession" -> session;
                    default -> null;
                });
    }

    /** A session that, once invalidated, throws on every access, as the Servlet API says. */
    private static HttpSession session() {
        Map<String, Object> values = new HashMap<>();
        AtomicBoolean invalid = new AtomicBoolean();
        return (HttpSession) Proxy.newProxyInstance(OwnerResolversTest.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "invalidate" -> {
                        invalid.set(true);
                        yield null;
                    }
                    case "getAttribute", "setAttribute", "removeAttribute" -> {
                        if (invalid.get()) {
                            throw new IllegalStateException("invalidated");
                        }
                        yield method.getName().equals("getAttribute") ? values.get((String) args[0])
                                : method.getName().equals("setAttribute") ? values.put((String) args[0], args[1])
                                : values.remove((String) args[0]);
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> null;
                });
    }

    private static OwnerResolver mode(String mode) {
        return OwnerResolvers.create(mode, OwnerResolversTest.class.getClassLoader());
    }

    @Test
    void principalOrSessionPrefersThePrincipalAndElseKeepsOneRandomSessionOwner() {
        assertEquals("alice", mode("principal-or-session").resolveOwner(request("alice", Map.of(), session())));
        HttpSession session = session();
        String first = mode("principal-or-session").resolveOwner(request(null, Map.of(), session));
        assertTrue(first.startsWith("session:"), first);
        assertEquals(first, mode("principal-or-session").resolveOwner(request(null, Map.of(), session)));
        assertNotEquals(first, mode("principal-or-session").resolveOwner(request(null, Map.of(), session())));
    }

    @Test
    void principalModeHasNoOwnerWithoutAPrincipal() {
        assertNull(mode("principal").resolveOwner(request(null, Map.of(), session())));
        assertEquals("bob", mode("principal").resolveOwner(request("bob", Map.of(), session())));
    }

    @Test
    void sessionModeIgnoresThePrincipal() {
        String owner = mode("session").resolveOwner(request("alice", Map.of(), session()));
        assertTrue(owner.startsWith("session:"), owner);
    }

    @Test
    void attributeModeReadsTheNamedRequestAttribute() {
        assertEquals("t-42", mode("attribute:tenant").resolveOwner(request(null, Map.of("tenant", "t-42"), session())));
        assertNull(mode("attribute:tenant").resolveOwner(request("alice", Map.of(), session())));
    }

    @Test
    void aClassNameModeUsesTheAppsResolver() {
        OwnerResolver resolver = mode(TenantHeaderResolver.class.getName());
        assertEquals("tenant:7", resolver.resolveOwner(request(null, Map.of("tenant", 7), session())));
    }

    @Test
    void anAttributeOwnerIsRememberedForTheHandshakeEvenWhenTheAppHasNoSession() {
        HttpSession created = session();
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> "alice";
                    case "getSession" -> args != null && args.length == 1 && !(Boolean) args[0] ? null : created;
                    default -> null;
                });
        String owner = mode("attribute:appUser").resolveOwner(request);
        OwnerResolvers.remember(request, owner);
        assertEquals("alice", OwnerResolvers.handshakeOwner("attribute:appUser", null, created));
    }

    @Test
    void theExistingOwnerIsReadFromAnExistingSessionAndNoneIsCreatedOrAssigned() {
        HttpSession session = session();
        OwnerResolver resolver = mode("principal-or-session");
        assertNull(OwnerResolvers.existingOwner(resolver, requestWithSession(session, false)));
        assertNull(session.getAttribute(OwnerResolvers.SESSION_ATTRIBUTE), "a session owner was assigned");
        String owner = resolver.resolveOwner(requestWithSession(session, true));
        assertEquals(owner, OwnerResolvers.existingOwner(resolver, requestWithSession(session, false)));
        assertNull(OwnerResolvers.existingOwner(resolver, requestWithSession(null, false)));
        assertEquals("alice", OwnerResolvers.existingOwner(resolver, request("alice", Map.of(), null)));
    }

    /** A request whose {@code getSession(create)} answers {@code session}; a creating call fails unless allowed. */
    private static HttpServletRequest requestWithSession(HttpSession session, boolean mayCreate) {
        return (HttpServletRequest) Proxy.newProxyInstance(OwnerResolversTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getSession")) {
                        boolean create = args == null || (Boolean) args[0];
                        if (create && !mayCreate) {
                            throw new AssertionError("asked to create a session");
                        }
                        return session;
                    }
                    return null;
                });
    }

    @Test
    void aSocketsOwnerHoldsUntilTheSessionIsInvalidatedOrTheApiFoundNoOwnerOnIt() {
        HttpSession session = session();
        HttpServletRequest signedIn = request(null, Map.of("appUser", "alice"), session);
        OwnerResolvers.remember(signedIn, mode("attribute:appUser").resolveOwner(signedIn));
        assertTrue(OwnerResolvers.stillHandshakeOwner("attribute:appUser", "alice", null, session));
        assertFalse(OwnerResolvers.stillHandshakeOwner("attribute:appUser", "bob", null, session));

        OwnerResolvers.forget(request(null, Map.of(), session));
        assertFalse(OwnerResolvers.stillHandshakeOwner("attribute:appUser", "alice", null, session));

        OwnerResolvers.remember(signedIn, "alice");
        session.invalidate();
        assertFalse(OwnerResolvers.stillHandshakeOwner("attribute:appUser", "alice", null, session));
        OwnerResolvers.forget(request(null, Map.of(), session));
    }

    @Test
    void aPrincipalsSocketHoldsWhileItsSessionIsValidOrWhenItHadNone() {
        Principal alice = () -> "alice";
        assertTrue(OwnerResolvers.stillHandshakeOwner("principal", "alice", alice, null));
        HttpSession session = session();
        assertTrue(OwnerResolvers.stillHandshakeOwner("principal-or-session", "alice", alice, session));
        session.invalidate();
        assertFalse(OwnerResolvers.stillHandshakeOwner("principal-or-session", "alice", alice, session));
    }

    @Test
    void anUnknownModeFailsNamingTheKey() {
        McpOAuthConfigException e = assertThrows(McpOAuthConfigException.class, () -> mode("nobody-knows"));
        assertEquals("mcp.oauth.owner", e.key());
    }
}
