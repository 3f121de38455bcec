package io.github.mcpoauth.client;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.oauth.McpAuthorizationManager;
import io.github.mcpoauth.internal.oauth.UrlGuard;
import io.github.mcpoauth.store.McpStore;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** What every connection shares: built once by {@link McpClientService}. */
record ConnectionContext(
        McpOAuthConfig config,
        McpStore store,
        McpAuthorizationManager auth,
        UrlGuard urlGuard,
        TransportFactory transports,
        AuthChallenges challenges,
        OfferingLister discovery,
        ScheduledExecutorService scheduler,
        Executor workers,
        Clock clock,
        Consumer<ServerKey> changed) {
}
