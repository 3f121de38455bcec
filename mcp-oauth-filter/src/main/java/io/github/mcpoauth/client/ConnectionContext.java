package io.github.mcpoauth.client;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.internal.Deadlines;
import io.github.mcpoauth.internal.ServerKey;
import io.github.mcpoauth.internal.oauth.McpAuthorizationManager;
import io.github.mcpoauth.internal.oauth.UrlGuard;
import io.github.mcpoauth.internal.telemetry.McpEvents;
import io.github.mcpoauth.internal.telemetry.Telemetry;
import io.github.mcpoauth.store.McpStore;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * What every connection shares: built once by {@link McpClientService}. {@code blocking} runs store
 * access and DNS look-ups (on the calling thread when that is a blocking thread already);
 * {@code scheduler} runs backoffs, and timeouts through {@code deadlines}; {@code connects} paces
 * connection attempts; {@code elicitations} holds servers' questions to their owners; {@code telemetry}
 * starts spans and {@code events} writes the connection events.
 */
record ConnectionContext(
        McpOAuthConfig config,
        McpStore store,
        McpAuthorizationManager auth,
        UrlGuard urlGuard,
        TransportFactory transports,
        AuthChallenges challenges,
        OfferingLister discovery,
        ScheduledExecutorService scheduler,
        Deadlines deadlines,
        Executor blocking,
        Permits connects,
        Clock clock,
        Consumer<ServerKey> changed,
        Elicitations elicitations,
        Telemetry telemetry,
        McpEvents events) {
}
