package io.github.mcpoauth.internal.ws;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * The live-state WebSocket (Jakarta WebSocket 2.1, programmatic endpoint). The owner is captured at
 * the handshake (principal or HTTP session) and the socket then only ever sees that owner's state:
 * {@code {"type":"cf_agent_mcp_servers","mcp":...}} on open and after every change. The HTTP session
 * seen at the handshake is kept: before each push, and every few seconds, the policy is asked again
 * whether it still names that owner; once not (invalidated, signed out), the socket is closed with
 * 1008. Containers close sockets of invalidated sessions only for container-authenticated users.
 *
 * <p>Origin (RFC 6455 section 10.2): {@code checkOrigin} refuses (403) a missing or malformed
 * Origin and any origin that cannot be allowed; JSR 356's {@code checkOrigin} cannot see the Host
 * header, so same-origin is decided in {@code modifyHandshake}, and a socket that fails it, or has
 * no owner, is closed with 1008 before anything is sent.
 */
public final class StateSocket extends Endpoint {

    private static final String OWNER = "io.github.mcpoauth.ws.owner";
    private static final String REFUSED = "io.github.mcpoauth.ws.refused";
    private static final String HTTP_SESSION = "io.github.mcpoauth.ws.http-session";

    private final StateBroadcaster broadcaster;
    private final HandshakePolicy policy;

    StateSocket(StateBroadcaster broadcaster, HandshakePolicy policy) {
        this.broadcaster = broadcaster;
        this.policy = policy;
    }

    /** The endpoint configuration to add to the container's {@code ServerContainer}. */
    public static ServerEndpointConfig config(String path, StateBroadcaster broadcaster, HandshakePolicy policy) {
        return ServerEndpointConfig.Builder.create(StateSocket.class, path)
                .configurator(new Guard(broadcaster, policy)).build();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Map<String, Object> props = session.getUserProperties();
        Object owner = props.get(OWNER);
        Object refused = props.get(REFUSED);
        if (refused != null || owner == null) {
            close(session, refused != null ? refused.toString() : "No owner: sign in or open the app first");
            return;
        }
        String name = owner.toString();
        Principal principal = session.getUserPrincipal();
        Object httpSession = props.get(HTTP_SESSION);
        broadcaster.register(name, session, () -> policy.stillOwner(name, principal, httpSession));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        Object owner = session.getUserProperties().get(OWNER);
        if (owner != null) {
            broadcaster.unregister(owner.toString(), session);
        }
    }

    private static void close(Session session, String why) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, why));
        } catch (IOException ignored) {
            // the peer is gone already
        }
    }

    private static final class Guard extends ServerEndpointConfig.Configurator {
        private final StateBroadcaster broadcaster;
        private final HandshakePolicy policy;

        Guard(StateBroadcaster broadcaster, HandshakePolicy policy) {
            this.broadcaster = broadcaster;
            this.policy = policy;
        }

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return policy.originPlausible(originHeaderValue);
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            Map<String, Object> props = sec.getUserProperties();
            String origin = first(request.getHeaders(), "Origin");
            if (!policy.originAllowed(origin, ownOrigin(request))) {
                props.put(REFUSED, "Origin not allowed");
                return;
            }
            Object httpSession = request.getHttpSession();
            String owner = policy.owner(request.getUserPrincipal(), httpSession);
            if (owner != null) {
                props.put(OWNER, owner);
                if (httpSession != null) {
                    props.put(HTTP_SESSION, httpSession);
                }
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return (T) new StateSocket(broadcaster, policy);
        }

        private static String ownOrigin(HandshakeRequest request) {
            URI uri = request.getRequestURI();
            String s = uri == null ? null : uri.getScheme();
            String scheme = "wss".equalsIgnoreCase(s) || "https".equalsIgnoreCase(s) ? "https" : "http";
            String host = first(request.getHeaders(), "Host");
            return host == null ? null : scheme + "://" + host;
        }

        private static String first(Map<String, List<String>> headers, String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }
}
