package io.github.mcpoauth.web;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.client.IdTokenSupplier;
import io.github.mcpoauth.client.McpClientManager;
import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.config.ConfigKey;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.McpStore;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one object the drop-in keeps per web application (a {@link ServletContext} attribute):
 * configuration, store, client service, owner resolution and the OAuth callback's outcome handling.
 */
public final class McpOAuthRuntime implements AutoCloseable {

    /** The ServletContext attribute under which the runtime is kept. */
    public static final String ATTRIBUTE = McpOAuthRuntime.class.getName();

    private static final Logger log = LoggerFactory.getLogger(McpOAuthRuntime.class);

    private final McpOAuthConfig config;
    private final McpClientService service;
    private final OwnerResolver owners;
    private final Origins origins;
    private final JsonIo json = new JsonIo();
    private final Optional<ClientMetadataResource> clientMetadata;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final IdTokenCapture idTokens;
    private volatile CallbackSettings callback;

    McpOAuthRuntime(McpOAuthConfig config, McpStore store, McpClientService service, OwnerResolver owners) {
        this(config, store, service, owners, IdTokenCapture.create(config, McpOAuthRuntime.class.getClassLoader(),
                java.time.Clock.systemUTC()));
    }

    McpOAuthRuntime(McpOAuthConfig config, McpStore store, McpClientService service, OwnerResolver owners,
            IdTokenCapture idTokens) {
        this.idTokens = idTokens;
        this.config = config;
        this.service = service;
        this.owners = owners;
        this.origins = new Origins(originsOf(config));
        this.clientMetadata = ClientMetadataResource.of(config);
        this.callback = new CallbackSettings(
                RedirectTargets.validate(ConfigKey.SUCCESS_REDIRECT, config.successRedirect().orElse(null), origins),
                RedirectTargets.validate(ConfigKey.ERROR_REDIRECT, config.errorRedirect().orElse(null), origins), null);
        resources.add(service);
        resources.add(store);
    }

    /** Allowed origins: the configured ones, and the callback URL's origin when one is set. */
    private static List<String> originsOf(McpOAuthConfig config) {
        List<String> all = new ArrayList<>(config.allowedOrigins());
        config.callbackUrl().map(URI::toString).ifPresent(all::add);
        return all;
    }

    public McpOAuthConfig config() {
        return config;
    }

    public McpClientService service() {
        return service;
    }

    /**
     * The calling owner's manager; {@code McpOAuthException} (forbidden) when the request has no owner.
     * Servers it adds without a callback URL of their own use {@link #redirectUri}, as the REST API's do.
     */
    public McpClientManager manager(HttpServletRequest request) {
        String owner;
        try {
            owner = owner(request);
        } catch (ApiError e) {
            throw new McpOAuthException(McpOAuthException.Code.FORBIDDEN, e.getMessage());
        }
        return service.manager(owner).withDefaultCallbackUrl(redirectUri(request));
    }

    /**
     * The OAuth redirect URI for servers added through {@code request}: {@code mcp.oauth.callback-url}
     * when set, else {@code <origin><context><path>/callback} as this request reached the app.
     */
    public URI redirectUri(HttpServletRequest request) {
        return config.callbackUrl().orElseGet(() -> {
            String scheme = request.getScheme();
            int port = request.getServerPort();
            boolean defaultPort = scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return URI.create(scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port)
                    + request.getContextPath() + config.path() + "/callback");
        });
    }

    /**
     * Replaces how the OAuth callback answers: {@code successRedirect} and {@code errorRedirect} are
     * paths in this app or URLs of allowed origins (null: the context root, resp. the success
     * redirect); {@code customHandler}, when not null, answers instead of redirecting.
     */
    public void configureOAuthCallback(String successRedirect, String errorRedirect, OAuthCallbackHandler customHandler) {
        callback = new CallbackSettings(RedirectTargets.validate(ConfigKey.SUCCESS_REDIRECT, successRedirect, origins),
                RedirectTargets.validate(ConfigKey.ERROR_REDIRECT, errorRedirect, origins), customHandler);
    }

    /**
     * Registers where owners' ID tokens come from for enterprise-managed authorization
     * ({@code mcp.oauth.enterprise-idp-issuer}), before the token the owner's latest request carried
     * ({@code mcp.oauth.enterprise-id-token}); null removes it. Answer only for the owner asked about.
     */
    public void idTokenSupplier(IdTokenSupplier supplier) {
        idTokens.register(supplier);
    }

    String owner(HttpServletRequest request) {
        String owner = owners.resolveOwner(request);
        boolean remembers = !OwnerResolvers.usesPrincipal(config.owner()) && !config.owner().equals("session");
        if (config.isAppOwner(owner)) {
            // the application's own owners grant tokens with its credentials: no request may act as one
            throw new ApiError(403, "forbidden", "This owner is reserved for the application");
        }
        if (owner == null || owner.isBlank()) {
            if (remembers) {
                OwnerResolvers.forget(request);
            }
            throw new ApiError(401, "unauthorized", "Sign in first: this request has no owner");
        }
        if (remembers) {
            OwnerResolvers.remember(request, owner);
        }
        idTokens.capture(owner, request);
        return owner;
    }

    /** The owner the request already has, or null; never creates an HTTP session (see {@link OwnerResolvers#existingOwner}). */
    String existingOwner(HttpServletRequest request) {
        String owner = OwnerResolvers.existingOwner(owners, request);
        return config.isAppOwner(owner) ? null : owner;
    }

    /** The Client ID Metadata Document this module serves, when it serves one. */
    Optional<ClientMetadataResource> clientMetadata() {
        return clientMetadata;
    }

    Origins origins() {
        return origins;
    }

    JsonIo json() {
        return json;
    }

    CallbackSettings callback() {
        return callback;
    }

    void closeOnShutdown(AutoCloseable resource) {
        resources.add(0, Objects.requireNonNull(resource));
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** How the callback answers; targets already validated. */
    record CallbackSettings(String successRedirect, String errorRedirect, OAuthCallbackHandler handler) {
    }
}
