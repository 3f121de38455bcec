package io.github.mcpoauth.web;

import io.github.mcpoauth.client.IdTokenSupplier;
import io.github.mcpoauth.config.EnterpriseIdp;
import io.github.mcpoauth.config.McpOAuthConfig;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where enterprise-managed authorization gets an owner's ID token in a web application: an
 * {@link IdTokenSupplier} the application registered ({@link McpOAuthRuntime#idTokenSupplier}),
 * else the token the owner's latest request carried, read per {@code mcp.oauth.enterprise-id-token}
 * (Jakarta Security's {@code OpenIdContext}, or a request attribute) each time a request of the
 * API resolves its owner. Without {@code mcp.oauth.enterprise-idp-issuer} nothing is read.
 */
final class IdTokenCapture implements IdTokenSupplier {

    private static final Logger log = LoggerFactory.getLogger(IdTokenCapture.class);
    private static final String OPEN_ID_CONTEXT = "jakarta.security.enterprise.identitystore.openid.OpenIdContext";

    private final Function<HttpServletRequest, String> reader;
    private final CapturedIdTokens captured;
    private volatile IdTokenSupplier application;

    private IdTokenCapture(Function<HttpServletRequest, String> reader, CapturedIdTokens captured) {
        this.reader = reader;
        this.captured = captured;
    }

    /** Reads nothing when enterprise-managed authorization is off or the source is {@code none}. */
    static IdTokenCapture create(McpOAuthConfig config, ClassLoader loader, Clock clock) {
        Optional<EnterpriseIdp> idp = config.enterpriseIdp();
        String source = idp.map(EnterpriseIdp::idTokenSource).orElse("none");
        Function<HttpServletRequest, String> reader = null;
        if (source.startsWith("attribute:")) {
            String name = source.substring("attribute:".length());
            reader = request -> request.getAttribute(name) instanceof String token ? token : null;
        } else if (source.equals("openid-context")) {
            if (present(OPEN_ID_CONTEXT, loader)) { // Jakarta Security runs on CDI, so CDI is there too
                reader = request -> OpenIdContextTokens.current();
            } else {
                log.info("mcp.oauth.enterprise-id-token is openid-context, but this application has no Jakarta Security"
                        + " OpenIdContext: ID tokens come only from an IdTokenSupplier it registers");
            }
        }
        return new IdTokenCapture(reader, new CapturedIdTokens(clock));
    }

    /** After the request's owner was resolved: keeps the ID token it carries as that owner's. */
    void capture(String owner, HttpServletRequest request) {
        if (reader == null) {
            return;
        }
        String token = reader.apply(request);
        if (token != null && !token.isBlank()) {
            captured.capture(owner, token);
        }
    }

    void register(IdTokenSupplier supplier) {
        this.application = supplier;
    }

    @Override
    public Optional<String> idToken(String owner) {
        IdTokenSupplier app = application;
        Optional<String> supplied = app == null ? Optional.empty() : app.idToken(owner);
        return supplied != null && supplied.isPresent() ? supplied : captured.idToken(owner);
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
