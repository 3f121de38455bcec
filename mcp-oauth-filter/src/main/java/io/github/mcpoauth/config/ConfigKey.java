package io.github.mcpoauth.config;

import java.util.Locale;

/**
 * Every configuration key, its default and what it means. The README's configuration table lists
 * exactly these (a test keeps the two in step). Each key is read, in this order, from a system
 * property, an environment variable ({@link #envName()}), a filter init-param, a context-param,
 * and otherwise takes its default.
 */
public enum ConfigKey {
    DISABLED("mcp.oauth.disabled", "false", "Turns the whole module off (no filter, servlet or WebSocket endpoint)."),
    PATH("mcp.oauth.path", "/mcp-client", "Path prefix of the REST API, callback and WebSocket, relative to the context root."),
    OWNER("mcp.oauth.owner", "principal-or-session",
            "How the owner is resolved: principal-or-session, principal, session, attribute:NAME, or a class name."),
    CALLBACK_URL("mcp.oauth.callback-url", "",
            "Absolute OAuth redirect URI. Empty: derived from the request as <origin><context><path>/callback, e.g. http://host/app/mcp-client/callback."),
    SUCCESS_REDIRECT("mcp.oauth.success-redirect", "",
            "Where the callback sends the browser on success (relative or same-origin). Empty: the built-in"
            + " <path>/done, which tells the popup's opener and closes it (no opener: the context root)."),
    ERROR_REDIRECT("mcp.oauth.error-redirect", "", "Where the callback sends the browser on error, with ?error=<message>. Empty: the success redirect."),
    ALLOWED_ORIGINS("mcp.oauth.allowed-origins", "", "Comma-separated extra origins allowed by the CSRF and WebSocket Origin checks (same origin is always allowed)."),
    ALLOW_PRIVATE_NETWORK("mcp.oauth.allow-private-network", "false",
            "Allow MCP, metadata, registration and token URLs on private or link-local addresses (not loopback: see allow-loopback)."),
    ALLOW_LOOPBACK("mcp.oauth.allow-loopback", "false",
            "Allow MCP, metadata, registration and token URLs on this machine itself (127.0.0.0/8, ::1, localhost, 0.0.0.0), for development and tests."),
    CLIENT_NAME("mcp.oauth.client-name", "mcp-oauth-filter", "client_name sent in Dynamic Client Registration."),
    CLIENT_ID("mcp.oauth.client-id", "",
            "Pre-registered client_id, used only with the authorization servers in client-issuers (empty: CIMD or DCR everywhere)."),
    CLIENT_ISSUERS("mcp.oauth.client-issuers", "",
            "Comma-separated issuer identifiers of the authorization servers the pre-registered client belongs to, compared exactly (RFC 8414 section 3.3);"
            + " required with client-id. Any other issuer gets CIMD or DCR, never client-id, client-secret or an assertion in client-id's name."),
    CLIENT_SECRET("mcp.oauth.client-secret", "", "Pre-registered client_secret (with client-id)."),
    CLIENT_AUTH_METHOD("mcp.oauth.client-auth-method", "",
            "Token endpoint auth for the pre-registered client: client_secret_basic, client_secret_post, none or private_key_jwt. Empty: basic with a secret, none without."),
    CLIENT_JWK("mcp.oauth.client-jwk", "", "Private JWK (JSON) for private_key_jwt, or file:PATH to read it from."),
    APP_OWNERS("mcp.oauth.app-owners", "",
            "Comma-separated owners that are the application itself (e.g. app), for its Java code's servers: they authorize"
            + " with the application's own grant, client credentials as the client of client-id or workload-tokens, never a browser."
            + " No web request or WebSocket ever acts as one of them."),
    WORKLOAD_TOKENS("mcp.oauth.workload-tokens", "",
            "Comma-separated ISSUER=PATH: app owners' servers at the authorization server with this issuer get tokens by the JWT-bearer"
            + " grant (RFC 7523 section 2.1), the assertion read afresh from PATH (e.g. a Kubernetes projected token) for every grant."
            + " With client-id (this issuer in client-issuers) the client authenticates too."),
    CLIENT_METADATA_URL("mcp.oauth.client-metadata-url", "",
            "This app's Client ID Metadata Document URL, its client_id where the AS supports it: https (http only on loopback with"
            + " allow-loopback), or auto for <callback-url minus callback>client-metadata.json (needs callback-url). The module"
            + " serves that document itself; any other URL is a document you host."),
    ENTERPRISE_IDP_ISSUER("mcp.oauth.enterprise-idp-issuer", "",
            "Issuer of the enterprise identity provider the app's users sign in with (OpenID Connect). Set: enterprise-managed"
            + " authorization, the user's ID token exchanged there for an ID-JAG (RFC 8693) that the authorization servers in"
            + " enterprise-issuers take instead of a popup (RFC 7523). Needs enterprise-idp-client-id and enterprise-issuers."),
    ENTERPRISE_IDP_TOKEN_ENDPOINT("mcp.oauth.enterprise-idp-token-endpoint", "",
            "The identity provider's token endpoint for that exchange. Empty: read from the issuer's metadata."),
    ENTERPRISE_IDP_CLIENT_ID("mcp.oauth.enterprise-idp-client-id", "", "This app's client_id at the identity provider."),
    ENTERPRISE_IDP_CLIENT_SECRET("mcp.oauth.enterprise-idp-client-secret", "",
            "This app's client_secret at the identity provider (client_secret_basic). Empty: a public client, client_id in the body."),
    ENTERPRISE_ISSUERS("mcp.oauth.enterprise-issuers", "",
            "Comma-separated issuer identifiers of the MCP authorization servers that accept ID-JAGs from that identity provider,"
            + " compared exactly; only for their servers is an ID token exchanged. Any other gets the authorization popup."),
    ENTERPRISE_ID_TOKEN("mcp.oauth.enterprise-id-token", "openid-context",
            "Where each request's ID token is read from: openid-context (Jakarta Security's OpenIdContext, when the app has it),"
            + " attribute:NAME (a request attribute the app's login sets), or none (only an IdTokenSupplier the app registers in Java)."),
    CONNECT_TIMEOUT("mcp.oauth.connect-timeout", "10s", "TCP connect timeout for every outbound HTTP request; through the pinning tunnel it bounds the host's look-up and the connect together."),
    REQUEST_TIMEOUT("mcp.oauth.request-timeout", "30s", "Timeout of one MCP request (tool call, list, read), and deadline of one whole OAuth or metadata exchange, body included. An MCP request whose server has an elicitation pending when it runs out waits for that to be answered (or to time out), then gets request-timeout again."),
    MIN_TRANSFER_RATE("mcp.oauth.min-transfer-rate", "1KiB",
            "Slowest accepted body of an OAuth or metadata answer, in bytes per second over each 5 s (0: no minimum); the whole exchange, body included, must also end within request-timeout."),
    MAX_RESPONSE_SIZE("mcp.oauth.max-response-size", "4MiB",
            "Largest MCP response body, or single SSE event of a stream, accepted from an MCP server (bytes, KiB or MiB); a larger one is cut off and the request fails."),
    MAX_CONCURRENT_REQUESTS("mcp.oauth.max-concurrent-requests", "64",
            "Outbound HTTP requests (MCP, OAuth, metadata) in flight at once for all owners together; more wait in a queue."),
    MAX_CONCURRENT_REQUESTS_PER_OWNER("mcp.oauth.max-concurrent-requests-per-owner", "8",
            "Outbound MCP requests in flight at once for one owner's servers; more wait in a queue. An open SSE stream counts only until its headers arrive."),
    REQUEST_QUEUE_TIMEOUT("mcp.oauth.request-queue-timeout", "10s",
            "How long an outbound request may wait in that queue before it fails."),
    DISCOVERY_TIMEOUT("mcp.oauth.discovery-timeout", "30s", "Timeout for connecting to a server and listing its tools, prompts and resources."),
    IDLE_TIMEOUT("mcp.oauth.idle-timeout", "15m", "An unused connection closes after this long and reopens on next use (0: never)."),
    SYNC_INTERVAL("mcp.oauth.sync-interval", "5s",
            "While a WebSocket watches an owner, their servers are re-read from the store this often, to show changes made through other nodes sharing the database (0: never)."),
    AUTHORIZATION_TTL("mcp.oauth.authorization-ttl", "10m", "How long an authorization started by addMcpServer can be completed."),
    REFRESH_SKEW("mcp.oauth.refresh-skew", "60s", "Tokens are refreshed this long before they expire, at most half their lifetime."),
    DPOP("mcp.oauth.dpop", "auto",
            "DPoP-bound tokens (RFC 9449), with a proof signed by a key made for each owner's server. auto: when the authorization server"
            + " advertises dpop_signing_alg_values_supported and the MCP server signals it accepts DPoP (its resource metadata lists"
            + " dpop_signing_alg_values_supported or sets dpop_bound_access_tokens_required, or it challenged with the DPoP scheme);"
            + " always (or true): whenever the authorization server advertises it; never (or false): always bearer tokens."),
    RETRY_MAX_ATTEMPTS("mcp.oauth.retry-max-attempts", "3", "Connection attempts before a server goes to failed."),
    RETRY_INITIAL_BACKOFF("mcp.oauth.retry-initial-backoff", "500ms", "Backoff before the second attempt; doubles each time, with full jitter."),
    RETRY_MAX_BACKOFF("mcp.oauth.retry-max-backoff", "10s", "Upper bound of one backoff."),
    MAX_SERVERS_PER_OWNER("mcp.oauth.max-servers-per-owner", "50", "How many servers one owner may add."),
    ELICITATION_TIMEOUT("mcp.oauth.elicitation-timeout", "5m",
            "How long a server's elicitation request waits for its owner's answer before the server is answered cancel. The server's requests wait for it: a tool call that elicits ends at the latest twice request-timeout plus this after it was sent."),
    MAX_PENDING_ELICITATIONS("mcp.oauth.max-pending-elicitations", "10",
            "Elicitation requests one owner may have waiting; servers asking for more get an error."),
    HTTP_THREADS("mcp.oauth.http-threads", "8",
            "Threads of the module's HTTP client: they handle responses and what follows them, never block, and end when idle."),
    BLOCKING_THREADS("mcp.oauth.blocking-threads", "16",
            "Threads for blocking work: store reads and writes (JDBC) and the DNS look-ups of the address check. Work beyond them waits in a queue."),
    MAX_CONCURRENT_CONNECTS("mcp.oauth.max-concurrent-connects", "32",
            "Connection attempts (connect and list what the server offers) running at once across all owners; the rest wait their turn, and the discovery timeout starts when an attempt does."),
    TRACING("mcp.oauth.tracing", "true",
            "Spans through OpenTelemetry for connection attempts, OAuth steps and tool calls, and the W3C trace context (traceparent, tracestate) sent to MCP servers, when the OpenTelemetry API is on the classpath. false: no spans and no trace context sent."),
    HEALTH_ENABLED("mcp.oauth.health-enabled", "false",
            "Serves the health summary as JSON at <path>/health (GET: 200 while the store answers, 503 when it does not). It holds counts"
            + " and times, no user data, but it is operational detail: protect it with the app's security constraint or health-role."),
    HEALTH_ROLE("mcp.oauth.health-role", "",
            "When set, <path>/health answers only requests whose user is in this role (request.isUserInRole), others get 403. Empty: no role check."),
    STORE("mcp.oauth.store", "auto", "auto (JPA when mcp-oauth-jpa is present, else memory), memory, or jpa."),
    TOKEN_KEY("mcp.oauth.token-key", "", "Base64 AES key (128/192/256 bit) encrypting tokens and secrets at rest. Empty: the embedded store generates one."),
    PREVIOUS_TOKEN_KEYS("mcp.oauth.previous-token-keys", "",
            "Comma-separated Base64 AES keys that only decrypt: earlier token keys during a rotation. Values under them are re-encrypted with token-key when the store opens; then remove them."),
    DATA_DIR("mcp.oauth.data-dir", "", "Directory of the embedded database and its key file, used as given. Empty: ./mcp-oauth-data/<app>, one per application, <app> from the context path (ROOT for /, shop for /shop, a#b for /a/b)."),
    JDBC_URL("mcp.oauth.jdbc-url", "", "JDBC URL of the store's database (empty: embedded H2 in data-dir)."),
    JDBC_USER("mcp.oauth.jdbc-user", "", "Database user for jdbc-url."),
    JDBC_PASSWORD("mcp.oauth.jdbc-password", "", "Database password for jdbc-url."),
    DATASOURCE("mcp.oauth.datasource", "", "JNDI name of a DataSource to use instead of jdbc-url.");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The environment variable for this key: {@code mcp.oauth.path} is {@code MCP_OAUTH_PATH}. */
    public String envName() {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
